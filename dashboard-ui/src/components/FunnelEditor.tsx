// The funnel's step editor: the steps in order (move up/down, remove), a field to add one (a page path, a
// prefix ending in "*", or a click label, suggested from the pages and labels the API lists) and the window.
// It owns no steps: they live in the URL, so every change is a history entry and a link reproduces it.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { FunnelWithin } from '../api/types';
import {
  MAX_STEPS, WITHIN_OPTIONS, addStep, isFunnelWithin, moveStep, removeStep, stepFromInput, stepLabel,
  stepWire, type StepKind,
} from '../funnel';

interface FunnelEditorProps {
  steps: string[];
  within: FunnelWithin;
  onStepsChange: (steps: string[]) => void;
  onWithinChange: (within: FunnelWithin) => void;
  /** Suggestions for the add field: page paths and click labels seen in the range. */
  pages: string[];
  labels: string[];
}

type StepAction = 'step-up' | 'step-down' | 'step-remove';

export function FunnelEditor({ steps, within, onStepsChange, onWithinChange, pages, labels }: FunnelEditorProps) {
  const id = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<StepKind>('page');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Where the focus goes once the URL (and so `steps`) has changed: the moved step's button, or a neighbour.
  const [focusAfter, setFocusAfter] = useState<{ index: number; action: StepAction } | null>(null);
  const full = steps.length >= MAX_STEPS;

  useEffect(() => {
    if (!focusAfter) return;
    setFocusAfter(null);
    const item = listRef.current?.querySelector(`li[data-step-index="${focusAfter.index}"]`);
    const candidates = [focusAfter.action, 'step-up', 'step-down', 'step-remove']
      .map((action) => item?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`))
      .filter((button): button is HTMLButtonElement => button != null && !button.disabled);
    (candidates[0] ?? inputRef.current)?.focus();
  }, [steps, focusAfter]);

  function move(index: number, by: -1 | 1): void {
    onStepsChange(moveStep(steps, index, by));
    setFocusAfter({ index: index + by, action: by < 0 ? 'step-up' : 'step-down' });
  }

  function remove(index: number): void {
    const next = removeStep(steps, index);
    onStepsChange(next);
    if (next.length) setFocusAfter({ index: Math.min(index, next.length - 1), action: 'step-remove' });
    else inputRef.current?.focus();
  }

  function add(event: FormEvent): void {
    event.preventDefault();
    const step = stepFromInput(kind, text);
    if (!step) {
      setError(kind === 'page'
        ? 'A page step is a path starting with "/", or a prefix ending in "*" (/help/*).'
        : 'A click step needs a label.');
      return;
    }
    setError(null);
    setText('');
    onStepsChange(addStep(steps, stepWire(step)));
  }

  const suggestions = kind === 'page' ? pages : labels;
  const hint = full
    ? `A funnel has at most ${MAX_STEPS} steps.`
    : kind === 'page'
      ? 'A path (/compose) or every path under a prefix (/help/*).'
      : 'A tracked click label (data-pb-track).';

  return (
    <div className="pbd-funnel-editor">
      {steps.length ? (
        <ol className="pbd-funnel-steps" data-funnel="steps" ref={listRef} aria-label="Funnel steps, in order">
          {steps.map((step, index) => {
            const name = `step ${index + 1}, ${stepLabel(step)}`;
            return (
              <li key={`${index}:${step}`} className="pbd-funnel-step" data-step-index={index} data-step={step}>
                <span className="pbd-funnel-step-name">
                  <span className="pbd-funnel-step-number">{index + 1}.</span> {stepLabel(step)}
                </span>
                <span className="pbd-funnel-step-actions">
                  <button type="button" className="pbd-button pbd-button-small" data-action="step-up"
                    aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button type="button" className="pbd-button pbd-button-small" data-action="step-down"
                    aria-label={`Move ${name} down`} disabled={index === steps.length - 1} onClick={() => move(index, 1)}>
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button type="button" className="pbd-button pbd-button-small" data-action="step-remove"
                    aria-label={`Remove ${name}`} onClick={() => remove(index)}>
                    <span aria-hidden="true">✕</span>
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      ) : null}
      <form className="pbd-funnel-add" onSubmit={add} noValidate>
        <div className="pbd-field">
          <label htmlFor={`${id}-kind`}>Step {Math.min(steps.length + 1, MAX_STEPS)}</label>
          <select id={`${id}-kind`} name="funnel_step_kind" value={kind} disabled={full}
            onChange={(e) => { setKind(e.target.value === 'click' ? 'click' : 'page'); setError(null); }}>
            <option value="page">Page view</option>
            <option value="click">Click</option>
          </select>
        </div>
        <div className="pbd-field pbd-field-wide">
          <label htmlFor={`${id}-value`}>{kind === 'page' ? 'Page path or prefix*' : 'Click label'}</label>
          <input ref={inputRef} id={`${id}-value`} type="text" name="funnel_step_value" list={`${id}-suggestions`}
            value={text} disabled={full} autoComplete="off" spellCheck={false}
            aria-invalid={error ? 'true' : undefined} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            placeholder={kind === 'page' ? '/compose' : 'send_email_btn'}
            onChange={(e) => { setText(e.target.value); setError(null); }} />
          <datalist id={`${id}-suggestions`}>
            {suggestions.map((value) => <option key={value} value={value} />)}
          </datalist>
        </div>
        <button type="submit" className="pbd-button" data-action="add-step" disabled={full}>Add step</button>
        <div className="pbd-field">
          <label htmlFor={`${id}-within`}>Steps happen within</label>
          <select id={`${id}-within`} name="funnel_within" value={within}
            onChange={(e) => { if (isFunnelWithin(e.target.value)) onWithinChange(e.target.value); }}>
            {WITHIN_OPTIONS.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
          </select>
        </div>
        <p id={`${id}-hint`} className="pbd-funnel-hint pbd-muted pbd-small">{hint}</p>
        {error ? <p id={`${id}-error`} className="pbd-inline-error pbd-funnel-hint" role="alert">{error}</p> : null}
      </form>
    </div>
  );
}
