// The bundle-size delta: gzip size of the built JS (and CSS) with the library setup (dist/) vs. the
// same app without it (dist-bare/). Gzip at level 9, per file, summed. dist-split/ (`--mode split`)
// has the library, @radix-ui/* and the other node_modules in chunks of their own, to tell them apart.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const sizes = (dir, ext) => {
  const files = readdirSync(new URL(`./${dir}/assets/`, import.meta.url)).filter((name) => name.endsWith(ext));
  let raw = 0;
  let gzip = 0;
  for (const name of files) {
    const bytes = readFileSync(new URL(`./${dir}/assets/${name}`, import.meta.url));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
};
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const withJs = sizes('dist', '.js');
const bareJs = sizes('dist-bare', '.js');
const withCss = sizes('dist', '.css');
const bareCss = sizes('dist-bare', '.css');
console.log(
  `NOTE bundle-size delta: JS gzip ${kB(withJs.gzip)} with the library vs ${kB(bareJs.gzip)} without: +${kB(withJs.gzip - bareJs.gzip)} gzip ` +
    `(+${kB(withJs.raw - bareJs.raw)} minified); CSS (styles.css) +${kB(withCss.gzip - bareCss.gzip)} gzip`,
);

const chunk = (prefix) => {
  const name = readdirSync(new URL('./dist-split/assets/', import.meta.url)).find((file) => file.startsWith(prefix) && file.endsWith('.js'));
  return name ? gzipSync(readFileSync(new URL(`./dist-split/assets/${name}`, import.meta.url)), { level: 9 }).length : 0;
};
console.log(
  `NOTE split build, each chunk gzipped alone: react-session-timeout ${kB(chunk('library-'))}, @radix-ui/* ${kB(chunk('radix-'))}, ` +
    `other node_modules (React, ReactDOM, Radix's own dependencies) ${kB(chunk('vendor-'))} vs the whole bare app's JS ${kB(bareJs.gzip)}`,
);
