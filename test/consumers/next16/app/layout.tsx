import type { ReactNode } from 'react';
import 'react-session-timeout/styles.css';

export const metadata = { title: 'react-session-timeout in Next.js', icons: { icon: 'data:,' } };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
