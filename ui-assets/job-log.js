// One job's log on the page: a fold per step (the running step open, earlier ones folded, the
// step a failed job ended in opened), following new lines while the reader is at the bottom.
// Lines go in through ansi.js's ansiLine (text nodes only; passed in, as every module request
// carries the token), step names through textContent.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export class JobLog {
  constructor(ansiLine) {
    this.ansiLine = ansiLine;
    this.body = document.createElement('div');
    this.body.className = 'log-body';
    this.current = this.body;
    this.step = undefined;
  }

  stepStarted(name) {
    if (this.step) this.step.open = false;
    const summary = document.createElement('summary');
    summary.textContent = `$ ${name.replace(CONTROL, '')}`;
    const lines = document.createElement('div');
    this.step = document.createElement('details');
    this.step.className = 'step';
    this.step.open = true;
    this.step.append(summary, lines);
    this.following(() => this.body.append(this.step));
    this.current = lines;
  }

  line(text) {
    this.following(() => this.current.append(this.ansiLine(text)));
  }

  /** A passed job folds its last step; a failed one leaves it open: that is where it broke. */
  ended(failed) {
    if (this.step) this.step.open = failed;
  }

  following(change) {
    const atBottom = this.body.scrollTop + this.body.clientHeight >= this.body.scrollHeight - 4;
    change();
    if (atBottom) this.body.scrollTop = this.body.scrollHeight;
  }
}
