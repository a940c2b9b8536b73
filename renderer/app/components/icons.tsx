// Small inline icons. Decorative: the text next to each one carries the meaning (never the icon or its colour alone).
import type { ReactNode } from 'react';

function Svg({ children, size = 24 }: { children: ReactNode; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2"
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const CheckIcon = () => <Svg><path d="M5 12.5l4.5 4.5L19 7.5" /></Svg>;
export const CrossIcon = () => <Svg><path d="M6 6l12 12M18 6L6 18" /></Svg>;
export const WaitIcon = () => <Svg><circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 2" /></Svg>;
export const DotsIcon = () => <Svg><circle cx="6" cy="12" r="1" /><circle cx="12" cy="12" r="1" /><circle cx="18" cy="12" r="1" /></Svg>;
export const WarningIcon = () => <Svg><path d="M12 3l10 18H2z" /><path d="M12 10v5M12 18v.5" /></Svg>;
export const ReaderIcon = () => <Svg><rect x="3" y="11" width="18" height="9" rx="2" /><path d="M7 11V5h10v6M8 16h8" /></Svg>;
export const CardIcon = () => <Svg><rect x="2" y="5" width="20" height="14" rx="2" /><rect x="5" y="9" width="5" height="4" rx="1" /><path d="M13 10h6M13 14h4" /></Svg>;
export const ChipIcon = () => <Svg><rect x="6" y="6" width="12" height="12" rx="2" /><path d="M6 10h4v4H6M18 10h-4v4h4M10 6v4M14 6v4M10 18v-4M14 18v-4" /></Svg>;
export const ServiceIcon = () => <Svg><circle cx="12" cy="12" r="3" /><path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1" /></Svg>;
export const UsbIcon = () => <Svg><path d="M12 2v16M8 6l4-4 4 4M7 12v2l5 3M17 10v3l-5 3" /><circle cx="12" cy="20" r="2" /></Svg>;
export const RemoteIcon = () => <Svg><rect x="2" y="4" width="13" height="9" rx="1" /><path d="M6 17h5M8.5 13v4" /><rect x="15" y="11" width="7" height="9" rx="1" /><path d="M13 7l4 0-1.5-1.5M17 7l-1.5 1.5" /></Svg>;
export const LockIcon = () => <Svg><rect x="4" y="11" width="16" height="10" rx="2" /><path d="M8 11V7a4 4 0 018 0v4" /></Svg>;
export const UserIcon = () => <Svg><circle cx="12" cy="8" r="4" /><path d="M4 21c1-4.5 4-6.5 8-6.5s7 2 8 6.5" /></Svg>;
export const PhoneIcon = () => <Svg><path d="M5 3h4l2 5-2.5 1.5a11 11 0 005 5L15 12l5 2v4a2 2 0 01-2 2A16 16 0 013 5a2 2 0 012-2z" /></Svg>;
export const MailIcon = () => <Svg><rect x="3" y="5" width="18" height="14" rx="2" /><path d="M3 7l9 6 9-6" /></Svg>;
export const InfoIcon = () => <Svg><circle cx="12" cy="12" r="9" /><path d="M12 11v6M12 7.5v.5" /></Svg>;
export const AppsIcon = () => <Svg><rect x="4" y="3" width="16" height="18" rx="2" /><path d="M9 7h6M9 11h6M9 15h3" /></Svg>;
export const KeypadIcon = () => <Svg><rect x="5" y="2" width="14" height="20" rx="2" /><path d="M9 7h.01M12 7h.01M15 7h.01M9 11h.01M12 11h.01M15 11h.01M9 15h.01M12 15h.01M15 15h.01M12 19h.01" /></Svg>;
