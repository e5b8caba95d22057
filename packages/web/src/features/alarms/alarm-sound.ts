/**
 * The alarm sound: a short beep made with the Web Audio API (no audio file). Browsers only start audio
 * after a user gesture, so sound is off until the user turns it on (启用告警声音); the choice is kept in
 * localStorage, and after a reload the audio is resumed on the first click or key press.
 */
import { useSyncExternalStore } from 'react';
import type { AlarmLevel } from '@ningan/domain';

const STORAGE_KEY = 'ningan.alarmSound';
const listeners = new Set<() => void>();
let enabled = readStored();
let context: AudioContext | null = null;

function readStored(): boolean {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

function audio(): AudioContext | null {
  if (typeof window === 'undefined' || typeof AudioContext === 'undefined') return null;
  context ??= new AudioContext();
  return context;
}

/** Resume the audio on the first gesture after a reload (the stored choice was "on"). */
function resumeOnGesture(): void {
  if (typeof document === 'undefined') return;
  const resume = () => {
    document.removeEventListener('pointerdown', resume, true);
    document.removeEventListener('keydown', resume, true);
    if (enabled) void audio()?.resume();
  };
  document.addEventListener('pointerdown', resume, true);
  document.addEventListener('keydown', resume, true);
}
if (enabled) resumeOnGesture();

export function isSoundEnabled(): boolean {
  return enabled;
}

/** Call from the toggle's click handler (a user gesture): creates and resumes the audio there. */
export function setSoundEnabled(on: boolean): void {
  enabled = on;
  try {
    localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // private mode: the choice lasts for this page only
  }
  if (on)
    void audio()
      ?.resume()
      .then(() => beep('blue'));
  for (const l of listeners) l();
}

export function useSoundEnabled(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => enabled,
  );
}

/** Tone (Hz) and number of pulses per level: red highest and most insistent. */
const PATTERN: Record<AlarmLevel, { hz: number; pulses: number }> = {
  red: { hz: 988, pulses: 3 },
  orange: { hz: 784, pulses: 2 },
  yellow: { hz: 659, pulses: 1 },
  blue: { hz: 523, pulses: 1 },
};

/** Plays the level's beep when sound is on and the browser allows audio; otherwise does nothing. */
export function beep(level: AlarmLevel): void {
  if (!enabled) return;
  const ctx = audio();
  if (!ctx || ctx.state !== 'running') return;
  const { hz, pulses } = PATTERN[level];
  const start = ctx.currentTime + 0.02;
  for (let i = 0; i < pulses; i++) {
    const t = start + i * 0.28;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.2, t + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.22);
  }
}
