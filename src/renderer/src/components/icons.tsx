import type { ReactElement, SVGProps } from 'react'

/*
 * A handful of inline icons (no icon library is installed). They are decoration: every icon sits
 * next to words, so each is aria-hidden and never the only carrier of meaning (WCAG 1.4.1).
 */

type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number }

function Svg({ size = 16, ...rest }: IconProps & { children: ReactElement | ReactElement[] }): ReactElement {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    />
  )
}

export const IconAlert = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v6" />
    <path d="M12 16.5v.5" />
  </Svg>
)

/** "i" in a circle: information, not a warning. */
export const IconInfo = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v6" />
    <path d="M12 7.5v.5" />
  </Svg>
)

export const IconClock = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Svg>
)

export const IconHourglass = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M7 3h10M7 21h10" />
    <path d="M8 3c0 5 8 5 8 9s-8 4-8 9" />
    <path d="M16 3c0 5-8 5-8 9s8 4 8 9" />
  </Svg>
)

export const IconCalendar = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <rect x="4" y="5" width="16" height="16" rx="2" />
    <path d="M4 10h16M9 3v4M15 3v4" />
  </Svg>
)

export const IconPause = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M10 9v6M14 9v6" />
  </Svg>
)

export const IconCheck = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M5 12.5l4.5 4.5L19 7.5" />
  </Svg>
)

export const IconCross = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M6 6l12 12M18 6L6 18" />
  </Svg>
)

export const IconCloud = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M7 18h10a4 4 0 0 0 .5-7.97A6 6 0 0 0 6.2 9.5 4.25 4.25 0 0 0 7 18z" />
  </Svg>
)

export const IconCloudOff = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M7 18h10a4 4 0 0 0 .5-7.97A6 6 0 0 0 6.2 9.5 4.25 4.25 0 0 0 7 18z" />
    <path d="M3 3l18 18" />
  </Svg>
)

export const IconWarning = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M12 3l10 18H2z" />
    <path d="M12 10v5M12 18v.5" />
  </Svg>
)

export const IconSearch = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="11" cy="11" r="7" />
    <path d="M20 20l-4-4" />
  </Svg>
)

export const IconKeyboard = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <rect x="2" y="6" width="20" height="12" rx="2" />
    <path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10" />
  </Svg>
)

/** A padlock: «Заблокувати». */
export const IconLock = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <rect x="5" y="11" width="14" height="10" rx="2" />
    <path d="M8 11V7a4 4 0 0 1 8 0v4" />
  </Svg>
)
