/// <reference types="vite/client" />
/**
 * The default theme, only for the stories that want it.
 *
 * `import '../src/styles.css'` in a stories file would not do: Vite injects an imported stylesheet
 * into the preview's document for good, so once any story file that imports it has loaded, every
 * story after it is themed, "Unstyled" included. Instead the theme is imported as a string
 * (`?inline`) and a global decorator puts it in a <style> while a themed story is mounted and
 * takes it out after. `parameters: { sessionTheme: 'none' }` renders a story without it; and in
 * case some other stories file did import the stylesheet globally, an unthemed story also lifts
 * the theme's rules out of every loaded stylesheet while it is mounted, and puts them back after.
 */
import { useLayoutEffect, type ReactNode } from 'react';
import type { Decorator } from '@storybook/react-vite';

import themeCss from '../../src/styles.css?inline';

export type SessionTheme = 'default' | 'none';

let themedStories = 0;
let themeElement: HTMLStyleElement | null = null;

function Themed({ children }: { children: ReactNode }) {
  // A layout effect: in place before the first paint. Counted, for docs pages with several stories.
  useLayoutEffect(() => {
    if (themedStories++ === 0) {
      themeElement = document.createElement('style');
      themeElement.dataset.storyTheme = 'react-session-timeout';
      themeElement.textContent = themeCss;
      document.head.append(themeElement);
    }
    return () => {
      if (--themedStories === 0) {
        themeElement?.remove();
        themeElement = null;
      }
    };
  }, []);
  return children;
}

/** A rule of the theme: it names a `data-rst` part or sets an `--rst-` property. */
const isThemeRule = (rule: CSSRule) => /data-rst|--rst-/.test(rule.cssText);

function Unthemed({ children }: { children: ReactNode }) {
  useLayoutEffect(() => {
    const lifted: Array<{ sheet: CSSStyleSheet; index: number; text: string }> = [];
    for (const sheet of Array.from(document.styleSheets)) {
      let rules: CSSRuleList;
      try {
        rules = sheet.cssRules;
      } catch {
        continue; // another origin's stylesheet: not ours to read
      }
      for (let index = rules.length - 1; index >= 0; index--) {
        const rule = rules[index]!;
        if (!isThemeRule(rule)) continue;
        lifted.push({ sheet, index, text: rule.cssText });
        sheet.deleteRule(index);
      }
    }
    return () => {
      // Lifted from the last rule up; put back from the first down, at the same places.
      for (const { sheet, index, text } of lifted.reverse()) {
        try {
          sheet.insertRule(text, index);
        } catch {
          // the stylesheet changed in the meantime (a hot update): it brings its own rules
        }
      }
    };
  }, []);
  return children;
}

/** Global decorator: the default theme unless `parameters.sessionTheme` is 'none'. */
export const withSessionTheme: Decorator = (Story, { parameters }) =>
  (parameters.sessionTheme as SessionTheme | undefined) === 'none' ? (
    <Unthemed>
      <Story />
    </Unthemed>
  ) : (
    <Themed>
      <Story />
    </Themed>
  );
