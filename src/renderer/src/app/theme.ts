import { createTheme, type CSSVariablesResolver } from '@mantine/core'

/*
 * Mantine's defaults put white text on blue.6 (about 3.6:1) and grey helper text at about 3.3:1;
 * WCAG 2.1 AA (ДСТУ EN 301 549) wants 4.5:1. Shade 8 of blue gives 5:1 under white text, and the
 * dimmed and placeholder greys and the field-error red are darkened to pass on white.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  fontFamily: '"Noto Sans", "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif',
  headings: { fontFamily: '"Noto Sans", "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif', fontWeight: '700' },
  focusRing: 'auto',
  defaultRadius: 'sm',
  cursorType: 'pointer',
  // A clerk who asks the system for reduced motion gets none: toasts, dialogs and menus appear without
  // fading or sliding (Mantine ignores the setting unless told to respect it).
  respectReducedMotion: true
})

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {
    '--vikno-focus-ring': '#1864ab',
    '--vikno-link': '#1864ab'
  },
  light: {
    '--mantine-color-dimmed': '#555d65',
    '--mantine-color-placeholder': '#656d75',
    '--mantine-color-anchor': '#1864ab',
    // Field errors: Mantine's red.6 is about 3.6:1 on white; red.9 is about 5.9:1.
    '--mantine-color-error': '#c92a2a'
  },
  dark: {}
})
