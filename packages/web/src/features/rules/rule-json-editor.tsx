/**
 * The rule JSON text area with a line-number gutter: a line with a problem is marked in the gutter, and
 * the problems are listed under it (line, path, message); a click on one selects its line.
 */
import { useRef, type UIEvent } from 'react';
import { Alert, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.tsx';

export interface LineProblem {
  /** 1-based; null when the problem is about the whole rule or the request. */
  line: number | null;
  path: string;
  message: string;
}

export function RuleJsonEditor({
  value,
  onChange,
  problems,
  disabled,
}: {
  value: string;
  onChange: (text: string) => void;
  problems: readonly LineProblem[];
  disabled: boolean;
}) {
  const { t } = useI18n();
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = value.split('\n').length;
  const bad = new Map<number, string[]>();
  for (const p of problems)
    if (p.line !== null) bad.set(p.line, [...(bad.get(p.line) ?? []), `${p.path}：${p.message}`]);

  const syncScroll = (event: UIEvent<HTMLTextAreaElement>) => {
    if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
  };
  const selectLine = (line: number) => {
    const el = area.current;
    if (!el) return;
    const lines = value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    // Bring the line into view: 20 px per line (rules.css), a few lines of context above.
    el.scrollTop = Math.max(0, (line - 4) * 20);
  };

  return (
    <div className="rule-json-editor" data-testid="rule-json-editor">
      <div className="rule-json-editor__box">
        <div className="rule-json-editor__gutter" ref={gutter} aria-hidden>
          {Array.from({ length: lineCount }, (_, i) => {
            const messages = bad.get(i + 1);
            return (
              <div
                key={i}
                className={
                  messages ? 'rule-json-editor__no rule-json-editor__no--bad' : 'rule-json-editor__no'
                }
                title={messages?.join('\n')}
              >
                {i + 1}
              </div>
            );
          })}
        </div>
        <textarea
          ref={area}
          className="rule-json-editor__text"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={syncScroll}
          spellCheck={false}
          wrap="off"
          readOnly={disabled}
          aria-label={t('rules.editor.jsonLabel')}
          aria-invalid={problems.length > 0}
          data-testid="rule-json"
        />
      </div>
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('rules.editor.jsonProblems', { count: problems.length })}
          data-testid="rule-json-problems"
          description={
            <ul className="rule-json-editor__problems">
              {problems.map((p, i) => (
                <li key={`${p.path}:${p.message}:${i}`}>
                  {p.line !== null ? (
                    <Typography.Link onClick={() => selectLine(p.line!)}>
                      {t('rules.editor.line', { line: p.line })}
                    </Typography.Link>
                  ) : (
                    <Typography.Text type="secondary">{t('rules.editor.noLine')}</Typography.Text>
                  )}{' '}
                  {p.path && <code>{p.path}</code>} {p.message}
                </li>
              ))}
            </ul>
          }
        />
      ) : (
        <Typography.Text type="success" className="rule-json-editor__ok">
          {t('rules.editor.jsonOk')}
        </Typography.Text>
      )}
    </div>
  );
}
