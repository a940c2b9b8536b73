// Installing a card reader, per operating system (the detected one first, the others one click away),
// written for people who rarely use one: the steps first, numbered once (1, 2, 3), with a drawing of how
// to insert the card; troubleshooting after. Each command has a copy button; commands are shown as-is
// (not prose to translate).
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useEnvironment, type Platform } from '../environment.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { InfoIcon } from '../components/icons.tsx';
import { PrimaryButton } from '../components/primary-action.tsx';
import { InsertCardPicture } from './insert-card-picture.tsx';

const PLATFORMS: readonly Platform[] = ['windows', 'macos', 'linux'];
const STEPS = ['connect', 'drivers', 'insert'] as const;
const TROUBLESHOOTING = ['notFound', 'inUse', 'remote'] as const;
type SectionId = (typeof STEPS)[number] | (typeof TROUBLESHOOTING)[number];
/** Systems whose steps (not the troubleshooting) need no command at all. */
const NO_COMMAND_STEPS: ReadonlySet<Platform> = new Set<Platform>(['windows', 'macos']);

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
  const { t } = useTranslation(['install', 'common', 'ui']);
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

  const texts = (id: SectionId) => t(`${selected}.${id}`, { returnObjects: true }) as string[];
  const commands = (id: SectionId) => COMMANDS[selected]?.[id]?.map((command) => <Command key={command} command={command} />);

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
        {NO_COMMAND_STEPS.has(selected) && <p className="hint"><InfoIcon /> {t('ui:install.noTechnicalKnowledge')}</p>}
        <h2>{t('ui:install.steps')}</h2>
        <ol className="guide-steps">
          {STEPS.map((id) => (
            <li key={id} className="guide-step">
              <h3>{t(`sections.${id}`)}</h3>
              {texts(id).map((text) => <p key={text}>{text}</p>)}
              {id === 'insert' && (
                <figure className="insert-figure">
                  <InsertCardPicture label={t('ui:install.insertPicture')} />
                  <figcaption>{t('ui:install.insertCaption')}</figcaption>
                </figure>
              )}
              {commands(id)}
            </li>
          ))}
        </ol>
        <h2>{t('ui:install.troubleshooting')}</h2>
        {TROUBLESHOOTING.map((id) => (
          <section key={id} className="guide-section" aria-labelledby={`trouble-${id}`}>
            <h3 id={`trouble-${id}`}>{t(`sections.${id}`)}</h3>
            {texts(id).map((text) => <p key={text}>{text}</p>)}
            {commands(id)}
          </section>
        ))}
      </div>
      <div className="actions">
        {/* Once the reader is set up, the next step on every system: back to the eID login. */}
        <PrimaryButton onClick={() => navigate({ name: 'eid' })}>{t('tryAgain')}</PrimaryButton>
        <button type="button" className="button" onClick={() => navigate({ name: 'diagnosis' })}>{t('common:actions.diagnosis')}</button>
        <button type="button" className="button link" onClick={() => navigate({ name: 'help' })}>{t('common:actions.help')}</button>
      </div>
    </section>
  );
}

/** A command as typed, with a button that copies it. */
function Command({ command }: { command: string }) {
  const { t } = useTranslation('ui');
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(command);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="command">
      <pre><code>{command}</code></pre>
      <button type="button" className="button copy" onClick={() => void copy()} aria-label={`${t('install.copy')}: ${command}`}>
        {copied ? t('install.copied') : t('install.copy')}
      </button>
    </div>
  );
}
