// Operating system and app version: inventory, always 'pass' unless the OS cannot be told.
import { finding, type Probe } from '../context.ts';

export const systemProbe: Probe = {
  id: 'system',
  async run({ deps, state }) {
    const os = await deps.platform.os().catch(() => null);
    if (os) state.os = os;
    return [
      os
        ? finding('os', 'pass', 'known', `${os.name ?? os.family} ${os.release} (${os.arch})`, { family: os.family, release: os.release, arch: os.arch, name: os.name })
        : finding('os', 'warn', 'unknown'),
      finding('appVersion', 'pass', 'known', deps.appVersion, { version: deps.appVersion }),
    ];
  },
};
