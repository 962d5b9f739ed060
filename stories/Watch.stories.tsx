import { useEffect, useRef } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';

import { ReloginModal, SessionProvider, SessionTimeoutDialog, useSession } from '../src/index.ts';
import { DemoFrame, MINUTE, SECOND, sessionStoryParameters, storySession, useStorySession, type SessionStoryProps, clockStatus } from './support/index.ts';

/** The embedded editor: a same-origin document of its own (srcdoc), as a rich-text editor or a PDF viewer has. */
const EDITOR = `<!doctype html>
<html lang="en">
  <head>
    <title>Invoice notes</title>
    <style>
      body { margin: 0; padding: 0.75rem; font: 1rem/1.5 system-ui, sans-serif; color: #111827; }
      label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
      textarea { box-sizing: border-box; width: 100%; min-height: 7rem; padding: 0.5rem; font: inherit; border: 1px solid #6b7280; border-radius: 0.375rem; }
    </style>
  </head>
  <body>
    <label for="notes">Invoice notes</label>
    <textarea id="notes"></textarea>
  </body>
</html>`;

/** The frame, watched while it is mounted: `watch` returns the unwatch, the effect's cleanup. */
function EditorFrame() {
  const { watch } = useSession();
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => watch(frame.current!), [watch]);
  return (
    <iframe
      ref={frame}
      title="Invoice notes editor"
      srcDoc={EDITOR}
      style={{ display: 'block', width: '100%', height: '12rem', border: '1px solid #e5e7eb', borderRadius: '0.5rem' }}
    />
  );
}

function WatchStory({ onRelogin, ...options }: SessionStoryProps) {
  // The library's default activity events, in the page and in the watched frame alike.
  const { session, generation } = useStorySession({ ...options, activityEvents: undefined });
  return (
    <SessionProvider key={generation} session={session}>
      <DemoFrame heading="Invoice notes">
        <EditorFrame />
      </DemoFrame>
      <SessionTimeoutDialog />
      <ReloginModal onRelogin={onRelogin} />
    </SessionProvider>
  );
}

/**
 * `session.watch(target)`: activity in a same-origin iframe (an embedded editor, a PDF viewer) or
 * in another window counts too. The events of a frame never reach the page's own window, so
 * without it a person typing in the editor below would be warned, then signed out, as idle.
 *
 * `const unwatch = session.watch(iframe)` (or `useSession().watch` in an effect, as this page
 * does) listens for the same activity events in the frame, through the same one-a-second throttle,
 * while the session is started. A frame that navigates or reloads is followed to its new
 * document; a cross-origin frame cannot be heard (one development warning: have it post a message
 * and call `reportActivity()`). During the warning, typing in the frame is ignored like typing in
 * the page, unless `activityDuringWarning: 'extend'`.
 *
 * The session: 5 minutes without activity end it, the warning opens 2 minutes before the end.
 */
const meta = {
  title: 'Session/Watch',
  component: WatchStory,
  parameters: {
    ...sessionStoryParameters,
    docs: { ...sessionStoryParameters.docs },
  },
  args: {
    onRelogin: fn(async () => ({ user: 'ada' })),
  },
} satisfies Meta<typeof WatchStory>;

export default meta;

type Story = StoryObj<typeof meta>;

/** Twelve minutes of writing in the embedded editor, more than twice the idle timeout: no warning. */
export const TypingInAFrame: Story = {
  play: async ({ canvasElement, id, step }) => {
    const { clock } = await storySession(id);
    const canvas = within(canvasElement);
    const status = await clockStatus(canvasElement);
    const frame = await canvas.findByTitle<HTMLIFrameElement>('Invoice notes editor');
    const notes = await waitFor(() => within(frame.contentDocument!.body).getByLabelText('Invoice notes'));

    await step('a line a minute in the frame for 12 minutes: the session stays active', async () => {
      for (let minute = 1; minute <= 12; minute++) {
        clock.advance(MINUTE);
        await userEvent.type(notes, `Line ${minute}. `);
      }
      // Activity moves the deadline without notifying anyone: the next tick of the clock shows it.
      clock.advance(SECOND);
      await waitFor(() => expect(status).toHaveTextContent('Clock 09:12:01 (+12:01)'));
      await expect(status).toHaveTextContent('Session active, ends in 4:59');
      await expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
      await expect(notes).toHaveValue(Array.from({ length: 12 }, (_, i) => `Line ${i + 1}. `).join(''));
    });

    await step('then nobody writes: the warning opens as usual', async () => {
      clock.advance(3 * MINUTE - 2 * SECOND);
      await waitFor(() => expect(status).toHaveTextContent('Session active, ends in 2:01'));
      clock.advance(SECOND);
      await expect(await screen.findByRole('alertdialog', { name: 'Your session is about to expire' })).toBeVisible();
    });
  },
};
