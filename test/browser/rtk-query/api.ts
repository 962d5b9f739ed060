// api.ts: the app's RTK Query API and store, fitted around the session, and its requests through session.fetch
import { configureStore } from '@reduxjs/toolkit';
import { createApi, fetchBaseQuery, setupListeners } from '@reduxjs/toolkit/query/react';
import { session } from './session';

const running = () => ['active', 'warning'].includes(session.getSnapshot().status);

export const notesApi = createApi({
  // fetchBaseQuery hands fetchFn a Request: on an expired session it waits for the re-login, then answers.
  baseQuery: fetchBaseQuery({ baseUrl: '/api', fetchFn: (request) => session.fetch(request) }),
  refetchOnFocus: true, // through the listeners below: not while the session is expired
  refetchOnReconnect: true,
  endpoints: (build) => ({
    notes: build.query<string[], void>({ query: () => 'notes' }),
    addNote: build.mutation<string[], string>({
      query: (note) => ({ url: 'notes', method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: note }),
      // The answer is the person's notes with the new one: it becomes the cached list, no second request.
      onQueryStarted: (_note, { dispatch, queryFulfilled }) =>
        queryFulfilled.then(
          ({ data }) => void dispatch(notesApi.util.upsertQueryData('notes', undefined, data)),
          () => {},
        ),
    }),
  }),
});
export const { useNotesQuery, useAddNoteMutation } = notesApi;

export const store = configureStore({
  reducer: { [notesApi.reducerPath]: notesApi.reducer },
  middleware: (getDefaultMiddleware) => getDefaultMiddleware().concat(notesApi.middleware),
});

// RTK Query's own window listeners, but a focus or a reconnect while the session is expired or
// signed out refetches nothing: the request would only meet the expired session.
setupListeners(store.dispatch, (dispatch, { onFocus, onFocusLost, onOnline, onOffline }) => {
  const onEvent = (event: Event) => {
    if (event.type === 'offline') dispatch(onOffline());
    else if (event.type === 'visibilitychange' && document.visibilityState === 'hidden') dispatch(onFocusLost());
    else if (running()) dispatch(event.type === 'online' ? onOnline() : onFocus());
  };
  const events = ['focus', 'visibilitychange', 'online', 'offline'];
  for (const type of events) window.addEventListener(type, onEvent);
  return () => events.forEach((type) => window.removeEventListener(type, onEvent));
});

// A sign-in as someone else (or as someone the session cannot tell), before the session runs
// again: the previous person's cache goes, and the mounted queries fetch again as the new person.
session.onSignIn(({ userChanged }) => {
  if (userChanged !== false) store.dispatch(notesApi.util.resetApiState());
});
