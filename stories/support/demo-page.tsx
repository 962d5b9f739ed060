/** The pretend app behind the dialogs: an invoice draft a person must not lose. Not part of the package. */
import { useState, type FormEvent } from 'react';

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
    <div className="demo-app" style={fill ? undefined : { minHeight: 0, flexGrow: 0 }}>
      <header className="demo-bar">
        <span className="demo-brand">{t.brand}</span>
        <p className="demo-user">{status === 'signedOut' ? t.signedOut : t.signedIn}</p>
      </header>
      <main className="demo-main">
        <section className="demo-card" aria-labelledby="invoice-heading">
          <h1 id="invoice-heading">{t.heading}</h1>
          <SessionTimeoutNotice message={t.notice} locale={locale} />
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
        </section>
      </main>
    </div>
  );
}
