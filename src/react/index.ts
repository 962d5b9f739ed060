'use client';
/** The React layer's public exports (the package's main entry adds the core's). */
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
export {
  ReloginForm,
  ReloginModal,
  defaultReloginMessages,
  type Credentials,
  type ReloginApi,
  type ReloginFormProps,
  type ReloginMessages,
  type ReloginModalProps,
  type ReloginResult,
} from './ReloginModal.tsx';
export { SessionTimeoutNotice, type SessionTimeoutNoticeProps } from './SessionTimeoutNotice.tsx';
export { formatCountdown, formatDuration } from './format.ts';
