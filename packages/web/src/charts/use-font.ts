/**
 * The canvas of a chart is drawn once the web font has the glyphs its labels need: these machines and many
 * intranet PCs have no CJK font (STACK.md 5), and a canvas drawn before the font slice loads keeps boxes.
 */
import { useEffect, useState } from 'react';

/** Resolves once the page's font can draw `text` (loads the unicode-range slices it needs). */
export function useFontFor(text: string): { ready: boolean; family: string } {
  const family = getComputedStyle(document.body).fontFamily;
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    const done = () => {
      if (live) setReady(true);
    };
    document.fonts.load(`12px ${family}`, text).then(done, done);
    return () => {
      live = false;
    };
  }, [family, text]);
  return { ready, family };
}
