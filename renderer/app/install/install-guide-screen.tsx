// Installing a card reader, per operating system (the detected one first, the others one click away),
// written for people who rarely use one. Commands are shown as-is: they are not prose to translate.
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useEnvironment, type Platform } from '../environment.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { AppsIcon, ChipIcon, ReaderIcon, RemoteIcon, ServiceIcon, UsbIcon } from '../components/icons.tsx';

const PLATFORMS: readonly Platform[] = ['windows', 'macos', 'linux'];
const SECTIONS = [
  { id: 'connect', icon: <UsbIcon /> },
  { id: 'drivers', icon: <ServiceIcon /> },
  { id: 'insert', icon: <ChipIcon /> },
  { id: 'notFound', icon: <ReaderIcon /> },
  { id: 'inUse', icon: <AppsIcon /> },
  { id: 'remote', icon: <RemoteIcon /> },
] as const;
type SectionId = (typeof SECTIONS)[number]['id'];

/** Commands to type, per system and section. */
const COMMANDS: Partial<Record<Platform, Partial<Record<SectionId, string[]>>>> = {
  windows: { drivers: ['services.msc'] },
  macos: { notFound: ['sudo defaults write /Library/Preferences/com.apple.security.smartcard useIFDCCID -bool yes'] },
  linux: {
    drivers: ['sudo apt install pcscd libccid', 'sudo systemctl enable --now pcscd.socket'],
    notFound: ['pcsc_scan'],
    inUse: ['gpgconf --kill scdaemon'],
  },
};

export function InstallGuideScreen() {
  const { t } = useTranslation(['install', 'common']);
  const { platform, navigate } = useEnvironment();
  const [selected, setSelected] = useState<Platform>(platform);
  const heading = useFocusHeading();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);

  // Tabs follow the WAI-ARIA pattern: arrows move between systems.
  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (index + step + PLATFORMS.length) % PLATFORMS.length;
    setSelected(PLATFORMS[next] ?? platform);
    tabs.current[next]?.focus();
  }

  return (
    <section className="screen" aria-labelledby="install-title">
      <h1 id="install-title" ref={heading} tabIndex={-1}>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div role="tablist" aria-label={t('systemLabel')} className="tabs">
        {PLATFORMS.map((p, index) => (
          <button
            key={p}
            ref={(element) => { tabs.current[index] = element; }}
            type="button"
            role="tab"
            id={`tab-${p}`}
            aria-selected={selected === p}
            aria-controls={`panel-${p}`}
            tabIndex={selected === p ? 0 : -1}
            className="tab"
            onClick={() => setSelected(p)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {t(`systems.${p}`)}
            {p === platform && <span className="tab-note"> ({t('detected')})</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${selected}`} aria-labelledby={`tab-${selected}`} className="tabpanel">
        {SECTIONS.map(({ id, icon }) => (
          <GuideSection key={id} title={t(`sections.${id}`)} icon={icon}>
            <ol className="steps">
              {(t(`${selected}.${id}`, { returnObjects: true }) as string[]).map((text) => <li key={text}>{text}</li>)}
            </ol>
            {COMMANDS[selected]?.[id]?.map((command) => <pre key={command} className="command"><code>{command}</code></pre>)}
          </GuideSection>
        ))}
      </div>
      <div className="actions">
        <button type="button" className="button primary" onClick={() => navigate({ name: 'eid' })}>{t('tryAgain')}</button>
        <button type="button" className="button" onClick={() => navigate({ name: 'diagnosis' })}>{t('common:actions.diagnosis')}</button>
        <button type="button" className="button link" onClick={() => navigate({ name: 'help' })}>{t('common:actions.help')}</button>
      </div>
    </section>
  );
}

function GuideSection({ title, icon, children }: { title: string; icon: ReactNode; children: ReactNode }) {
  return (
    <section className="guide-section">
      <h2>{icon} {title}</h2>
      {children}
    </section>
  );
}
