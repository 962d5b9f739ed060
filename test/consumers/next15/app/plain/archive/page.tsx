export default function PlainArchive() {
  return (
    <main>
      <h1>Archive</h1>
    </main>
  );
}
