'use client';
/** The React layer's public exports (the package's main entry adds the core's). */
export { ComposedSessionProvider, type ComposedSessionProviderProps } from './ComposedSessionProvider.tsx';
export { SessionProvider, type SessionProviderProps } from './SessionProvider.tsx';
export { useRemainingTime, useSession, type SessionValue } from './useSession.ts';
export {
  SessionAnnouncer,
  SessionCountdown,
  SessionDialogDescription,
  SessionDialogTitle,
  SessionTimeoutDialog,
  defaultTimeoutDialogMessages,
  type SessionTimeoutDialogProps,
  type TimeoutDialogMessages,
} from './SessionTimeoutDialog.tsx';
export { ReloginModal, type ReloginApi, type ReloginModalProps } from './ReloginModal.tsx';
export { ReloginForm, type Credentials, type ReloginFormProps, type ReloginResult } from './ReloginForm.tsx';
export { defaultReloginMessages, type ReloginMessages } from './relogin-messages.ts';
export { SessionTimeoutNotice, type SessionTimeoutNoticeProps } from './SessionTimeoutNotice.tsx';
export { formatCountdown, formatDuration } from './format.ts';
