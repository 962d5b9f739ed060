export { diagnose, type Finding, type FindingCause } from './diagnose.ts';
export { createRecorder, type Recorder, type RecordedEvent } from './recorder.ts';
export { SessionDevtools, type SessionDevtoolsProps } from './SessionDevtools.tsx';
