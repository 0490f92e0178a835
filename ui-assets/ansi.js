// Job output with ANSI colours as DOM nodes: text only ever goes in through textContent, and a
// colour becomes a class name from a fixed list, so no job text can become markup or a style.
const SGR = /\u001b\[([0-9;]*)m/g;
// eslint-disable-next-line no-control-regex
const OTHER = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -/]*[0-~]?)|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

export function ansiLine(line) {
  const element = document.createElement('div');
  element.className = 'line';
  let classes = [];
  let last = 0;
  const add = (text) => {
    const clean = text.replace(OTHER, '');
    if (clean === '') return;
    const span = document.createElement('span');
    if (classes.length > 0) span.className = classes.join(' ');
    span.textContent = clean;
    element.append(span);
  };
  for (const match of line.matchAll(SGR)) {
    add(line.slice(last, match.index));
    last = match.index + match[0].length;
    classes = apply(classes, match[1] === '' ? [0] : match[1].split(';').map(Number));
  }
  add(line.slice(last));
  return element;
}

function apply(classes, codes) {
  let next = [...classes];
  for (const code of codes) {
    if (code === 0) next = [];
    else if (code === 1) next.push('bold');
    else if (code >= 30 && code <= 37) next = [...next.filter((name) => !name.startsWith('fg-')), `fg-${NAMES[code - 30]}`];
    else if (code >= 90 && code <= 97) next = [...next.filter((name) => !name.startsWith('fg-')), `fg-${NAMES[code - 90]}`];
    else if (code === 39) next = next.filter((name) => !name.startsWith('fg-'));
  }
  return next;
}
