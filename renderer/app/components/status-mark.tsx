// A step's status shown as icon + words (never colour alone).
import { useTranslation } from 'react-i18next';
import { CheckIcon, CrossIcon, DotsIcon, WaitIcon, WarningIcon } from './icons.tsx';

export type StepStatus = 'pass' | 'fail' | 'warn' | 'wait' | 'busy' | 'pending' | 'skip';

const ICONS = { pass: CheckIcon, fail: CrossIcon, warn: WarningIcon, wait: WaitIcon, busy: DotsIcon, pending: DotsIcon, skip: DotsIcon } as const;

export function StatusMark({ status }: { status: StepStatus }) {
  const { t } = useTranslation('common');
  const Icon = ICONS[status];
  return (
    <span className={`status status-${status}`}>
      <Icon />
      <span className="status-label">{t(`status.${status}`)}</span>
    </span>
  );
}
