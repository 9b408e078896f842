import type { ButtonHTMLAttributes } from 'preact';

/**
 * A button that stays focusable while the action it started runs. It says so with
 * `aria-disabled`, not `disabled`: a disabled button drops keyboard focus to the page (Chrome
 * moves it to <body>), so a keyboard or screen-reader user loses their place in the middle of
 * the action. While busy, a click, or Enter in the button's form, does nothing.
 */
export function BusyButton(props: ButtonHTMLAttributes<HTMLButtonElement> & { busy: boolean }) {
  const { busy, onClick, ...rest } = props;
  return (
    <button
      {...rest}
      aria-disabled={busy || undefined}
      onClick={(event) => {
        // On a submit button this also stops the form's submission (Enter in a field clicks it).
        if (busy) return event.preventDefault();
        onClick?.call(event.currentTarget, event);
      }}
    />
  );
}
