/**
 * A session story: the demo page in a SessionProvider with both dialogs, on a story clock that
 * the clock panel, the toolbar and the play function move (`storySession(id)`).
 */
import { useLayoutEffect } from 'react';

import {
  ReloginModal,
  SessionProvider,
  SessionTimeoutDialog,
  type ReloginMessages,
  type ReloginModalProps,
  type TimeoutDialogMessages,
} from '../../src/index.ts';
import { DemoPage, type DemoLanguage } from './demo-page.tsx';
import { useStorySession, type StorySessionOptions } from './story-clock.tsx';

export interface SessionStoryProps extends StorySessionOptions {
  /** ReloginModal's `onRelogin`: every session story has the form, `relogin` or not. */
  onRelogin: NonNullable<ReloginModalProps['onRelogin']>;
  /** The app's own sign-in in the re-login modal instead of the form (ReloginModal's `children`). */
  relogin?: ReloginModalProps['children'];
  /** ReloginModal's `hidePage`: when the page behind the re-login is hidden. */
  hidePage?: ReloginModalProps['hidePage'];
  /** BCP 47 locale for both dialogs and the page's notice. */
  locale?: string;
  dialogMessages?: Partial<TimeoutDialogMessages>;
  reloginMessages?: Partial<ReloginMessages>;
  /** The page's language; also set on <html> while the story is shown, as the app would. */
  lang?: DemoLanguage;
  /** See DemoPage. */
  fill?: boolean;
}

/**
 * The dialogs render into a portal on <body>, outside any element of the page, so only the
 * document's language reaches them: a German app says so on <html>.
 */
function useDocumentLanguage(lang: string) {
  useLayoutEffect(() => {
    const root = document.documentElement;
    const before = root.getAttribute('lang');
    root.setAttribute('lang', lang);
    return () => {
      if (before === null) root.removeAttribute('lang');
      else root.setAttribute('lang', before);
    };
  }, [lang]);
}

export function SessionStory({ onRelogin, relogin, hidePage, locale, dialogMessages, reloginMessages, lang = 'en', fill, ...options }: SessionStoryProps) {
  const { session, generation } = useStorySession(options);
  useDocumentLanguage(lang);
  return (
    // "Reset" makes a new session: a new provider and page with it.
    <SessionProvider key={generation} session={session}>
      <DemoPage lang={lang} locale={locale} fill={fill} />
      <SessionTimeoutDialog locale={locale} messages={dialogMessages} />
      <ReloginModal onRelogin={onRelogin} hidePage={hidePage} locale={locale} messages={reloginMessages}>
        {relogin}
      </ReloginModal>
    </SessionProvider>
  );
}

/**
 * Parameters for a session story file's meta: the whole canvas, and on docs pages each story in
 * its own iframe, so one story's modal (inert page, focus trap) cannot cover the docs page or the
 * other stories on it.
 *
 * Spread them into a literal, with a literal `docs`: `parameters: { ...sessionStoryParameters,
 * docs: { ...sessionStoryParameters.docs } }`. addon-docs adds the meta's doc comment as
 * `parameters.docs.description` by editing the source, and where it finds no literal `parameters`
 * and `docs` it appends its own keys, which silently replace these.
 */
export const sessionStoryParameters = {
  layout: 'fullscreen',
  docs: { story: { inline: false, height: '40rem' } },
  // The props worth a control; the rest are functions, messages and elements.
  controls: { include: ['at', 'idleTimeout', 'warningBefore', 'serverExpires', 'locale'] },
} as const;

/**
 * A render function for a session story file's meta: a new session (and clock) whenever a
 * control changes what the session was made with, since it reads its options once.
 */
export const renderSessionStory = (args: SessionStoryProps) => (
  <SessionStory key={JSON.stringify([args.at, args.idleTimeout, args.warningBefore, args.serverExpires])} {...args} />
);
