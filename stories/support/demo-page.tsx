/** The pretend app behind the dialogs: an invoice draft a person must not lose. Not part of the package. */
import { useState, type FormEvent, type ReactNode } from 'react';

import { SessionTimeoutNotice, useSession } from '../../src/index.ts';
import '../demo-page.css';

export type DemoLanguage = 'en' | 'de';

const texts = {
  en: {
    brand: 'Acme Invoicing',
    signedIn: 'Signed in as Ada Lovelace',
    signedOut: 'You are signed out.',
    heading: 'New invoice',
    notice: (duration: string) => `If you do nothing for ${duration}, we will sign you out.`,
    title: 'Invoice title',
    save: 'Save',
    saved: (title: string) => `Draft “${title}” saved.`,
  },
  de: {
    brand: 'Acme Rechnungen',
    signedIn: 'Angemeldet als Ada Lovelace',
    signedOut: 'Sie sind abgemeldet.',
    heading: 'Neue Rechnung',
    notice: (duration: string) => `Wenn Sie ${duration} lang nichts tun, melden wir Sie ab.`,
    title: 'Rechnungstitel',
    save: 'Speichern',
    saved: (title: string) => `Entwurf „${title}“ gespeichert.`,
  },
} satisfies Record<DemoLanguage, unknown>;

export interface DemoPageProps {
  lang?: DemoLanguage;
  /** BCP 47 locale for the notice's duration ("5 minutes", "5 Minuten"). */
  locale?: string;
  /** Fill the viewport (the default); false keeps the page short, e.g. so an unstyled dialog shows below it. */
  fill?: boolean;
}

export interface DemoFrameProps {
  brand?: string;
  /** The bar's line about who is signed in. */
  user?: string;
  heading: string;
  /** The sentence of the limit at the top of the card (SessionTimeoutNotice's `message`). */
  notice?: (duration: string) => string;
  locale?: string;
  fill?: boolean;
  /** The card's content, below its heading and the notice. */
  children: ReactNode;
  /** After the card, in the main column (a panel of the pretend server, say). */
  besideCard?: ReactNode;
  /** After the main column. */
  afterMain?: ReactNode;
}

/** The pretend app's frame every story page shares: the bar, and a main column with one card. */
export function DemoFrame({
  brand = texts.en.brand,
  user = texts.en.signedIn,
  heading,
  notice = texts.en.notice,
  locale,
  fill = true,
  children,
  besideCard,
  afterMain,
}: DemoFrameProps) {
  return (
    <div className="demo-app" style={fill ? undefined : { minHeight: 0, flexGrow: 0 }}>
      <header className="demo-bar">
        <span className="demo-brand">{brand}</span>
        <p className="demo-user">{user}</p>
      </header>
      <main className="demo-main">
        <section className="demo-card" aria-labelledby="demo-heading">
          <h1 id="demo-heading">{heading}</h1>
          <SessionTimeoutNotice message={notice} locale={locale} />
          {children}
        </section>
        {besideCard}
      </main>
      {afterMain}
    </div>
  );
}

export function DemoPage({ lang = 'en', locale, fill = true }: DemoPageProps) {
  const t = texts[lang];
  const status = useSession((snapshot) => snapshot.status);
  const [title, setTitle] = useState('');
  const [saved, setSaved] = useState('');
  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaved(t.saved(title));
  };
  return (
    <DemoFrame brand={t.brand} user={status === 'signedOut' ? t.signedOut : t.signedIn} heading={t.heading} notice={t.notice} locale={locale} fill={fill}>
      <form className="demo-form" onSubmit={save}>
        <label>
          {t.title}
          <input name="title" value={title} onChange={(event) => setTitle(event.target.value)} />
        </label>
        <button type="submit">{t.save}</button>
        <p className="demo-saved" role="status">
          {saved}
        </p>
      </form>
    </DemoFrame>
  );
}
