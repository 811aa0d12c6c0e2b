// Reflow check (WCAG 2.1 SC 1.4.10), run inside the page by tests/browser/test_reflow.py.
// Measures every rendered word with Range.getClientRects(): a word of up to `maxWord` characters must stay on one
// line, inside its container and inside the viewport (unless it sits in a region that scrolls on its own); the page
// itself must not scroll sideways; a region that scrolls sideways must be labelled and reachable by keyboard; a
// select must be wide enough for its options; chart labels must be at least the size of the body text.
// Returns a list of problems in Dutch, each naming the word and where it is.
(maxWord) => {
  const problems = [];
  const viewport = document.documentElement.clientWidth;
  const styles = new Map();
  const style = (el) => {
    if (!styles.has(el)) styles.set(el, getComputedStyle(el));
    return styles.get(el);
  };
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                    (e.classList.length ? '.' + [...e.classList].join('.') : ''));
    }
    return parts.join(' > ');
  };

  // Text that is meant to be out of sight: visually hidden (clipped), a skip link or honeypot parked off screen.
  const hidden = new Map();
  const isHidden = (el) => {
    if (!el || el === document.body) return false;
    if (hidden.has(el)) return hidden.get(el);
    const s = style(el);
    let result = s.visibility === 'hidden' || s.display === 'none' ||
      (s.clip && s.clip !== 'auto') || (s.clipPath && s.clipPath !== 'none');
    if (!result && (s.position === 'absolute' || s.position === 'fixed')) {
      const r = el.getBoundingClientRect();
      result = r.right <= 0 || r.bottom <= -window.scrollY || r.width <= 1 || r.height <= 1;
    }
    result = result || isHidden(el.parentElement);
    hidden.set(el, result);
    return result;
  };

  // The box a word must stay in: its nearest ancestor that is not inline (for SVG text: the svg).
  const containerOf = (el) => {
    if (el instanceof SVGElement) return el.ownerSVGElement || el;
    for (let e = el; e; e = e.parentElement) {
      const d = style(e).display;
      if (d !== 'inline' && d !== 'contents') return e;
    }
    return document.body;
  };

  // A region that scrolls sideways on its own: words may lie beyond the viewport there.
  const scrollers = new Map();
  const inScroller = (el) => {
    if (!el || el === document.body || el === document.documentElement) return false;
    if (scrollers.has(el)) return scrollers.get(el);
    const x = style(el).overflowX;
    const result = ['auto', 'scroll'].includes(x) || isInScrollerParent(el);
    scrollers.set(el, result);
    return result;
  };
  const isInScrollerParent = (el) => inScroller(el.parentElement);

  const describeWord = (word, el) => `"${word}" in ${where(el)}`;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT,
    {acceptNode: (n) => /\S/.test(n.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
  const range = document.createRange();
  const seen = new Set();
  const report = (text) => { if (!seen.has(text)) { seen.add(text); problems.push(text); } };

  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || isHidden(parent)) continue;
    const box = containerOf(parent);
    const boxRect = box.getBoundingClientRect();
    const scrolls = inScroller(parent);
    // Words are what lies between white space; a line may break after a hyphen or slash, so the parts between
    // those are measured on their own. Strings longer than maxWord (a long URL) may break anywhere.
    for (const match of node.data.matchAll(/[^\s\u00ad\u200b]+/g)) {
      if (match[0].length > maxWord) continue;
      for (const part of match[0].matchAll(/[^-\u2010\u2013\u2014/]+[-\u2010\u2013\u2014/]*|[-\u2010\u2013\u2014/]+/g)) {
        const start = match.index + part.index;
        range.setStart(node, start);
        range.setEnd(node, start + part[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
        if (!rects.length) continue;
        const top = Math.min(...rects.map((r) => r.top)), bottom = Math.max(...rects.map((r) => r.bottom));
        const left = Math.min(...rects.map((r) => r.left)), right = Math.max(...rects.map((r) => r.right));
        const lineHeight = Math.min(...rects.map((r) => r.height));
        if (rects.length > 1 && Math.max(...rects.map((r) => r.top)) - top > lineHeight / 2) {
          report(`woord over ${rects.length} regels gebroken: ${describeWord(match[0], parent)}`);
          continue;
        }
        if (left < boxRect.left - 1 || right > boxRect.right + 1 || top < boxRect.top - 2 || bottom > boxRect.bottom + 2) {
          report(`woord steekt buiten zijn vak (${Math.round(left)}–${Math.round(right)} px, vak ` +
                 `${Math.round(boxRect.left)}–${Math.round(boxRect.right)} px): ${describeWord(match[0], parent)}`);
        } else if (!scrolls && (left < -1 || right > viewport + 1)) {
          report(`woord buiten beeld (${Math.round(left)}–${Math.round(right)} px van ${viewport}): ` +
                 describeWord(match[0], parent));
        }
      }
    }
  }

  // The page does not scroll sideways; a region that does is labelled and can be reached with the keyboard.
  const pageWidth = document.documentElement.scrollWidth;
  if (pageWidth > viewport + 1) problems.push(`de pagina schuift zijwaarts (${pageWidth} px breed, beeld ${viewport} px)`);
  for (const el of document.querySelectorAll('body *')) {
    if (isHidden(el) || !['auto', 'scroll'].includes(style(el).overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
    const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (el.getAttribute('role') !== 'region' || !named || el.tabIndex !== 0) {
      problems.push(`een gebied schuift zijwaarts zonder role="region", naam en tabindex="0": ${where(el)}`);
    }
  }

  // A table shown as stacked rows (on a phone) names each value: every data cell has a data-label, shown before
  // the value (empty for a cell that needs no name, such as a column of buttons).
  for (const table of document.querySelectorAll('table')) {
    const cell = [...table.querySelectorAll('td')].find((td) => !isHidden(td) && style(td).display !== 'table-cell' &&
                                                             !td.hasAttribute('data-label'));
    if (cell) problems.push(`gestapelde tabel met een cel zonder data-label: "${cell.textContent.trim().slice(0, 40)}" in ${where(cell)}`);
  }

  // A select shows its longest option in full; on a phone (narrower than an option may be) it takes all the width
  // it has, and the browser's own list shows the option whole.
  const canvas = document.createElement('canvas').getContext('2d');
  for (const select of document.querySelectorAll('select')) {
    if (isHidden(select)) continue;
    const s = style(select);
    canvas.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const widest = Math.max(0, ...[...select.options].map((o) => canvas.measureText(o.text).width));
    const room = select.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 20;  // 20: the arrow
    const parent = select.parentElement, p = style(parent);
    const available = parent.clientWidth - parseFloat(p.paddingLeft) - parseFloat(p.paddingRight);
    if (widest > room + 1 && (viewport >= 640 || select.offsetWidth < available - 1)) {
      const longest = [...select.options].map((o) => o.text).sort((a, b) => b.length - a.length)[0];
      problems.push(`keuzelijst te smal voor "${longest}" (${Math.round(widest)} px tekst, ${Math.round(room)} px ruimte): ${where(select)}`);
    }
  }

  // Chart labels are at least as large as the body text.
  const bodySize = parseFloat(style(document.body).fontSize);
  for (const text of document.querySelectorAll('svg text')) {
    if (isHidden(text)) continue;
    const svg = text.ownerSVGElement, view = svg.viewBox.baseVal;
    const scale = view && view.width ? svg.getBoundingClientRect().width / view.width : 1;
    const size = parseFloat(style(text).fontSize) * scale;
    if (size < bodySize - 0.5) {
      problems.push(`grafieklabel kleiner dan de tekst (${size.toFixed(1)} px < ${bodySize} px): "${text.textContent.trim()}"`);
      break;
    }
  }
  return problems;
}
