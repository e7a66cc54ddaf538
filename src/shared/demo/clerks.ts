import type { ClerkSession } from '../session'

/**
 * Demo clerks of the demo centre. Passwords are for the demo portal only; the portal stores a
 * scrypt hash of them, never the text.
 */
export interface DemoClerk extends ClerkSession {
  login: string
  password: string
}

export const DEMO_CENTRE = { id: 'khm-cnap', name: 'ЦНАП м. Хмельницький', enrolmentCode: 'KHM-DEMO-2026' } as const

export const DEMO_CLERKS: readonly DemoClerk[] = [
  { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk', centreId: DEMO_CENTRE.id, login: 'olena', password: 'vikno-demo' },
  { clerkId: 'clerk-taras', name: 'Тарас Мар’янчук', role: 'clerk', centreId: DEMO_CENTRE.id, login: 'taras', password: 'vikno-demo' },
  {
    clerkId: 'clerk-iryna',
    name: 'Ірина Дем’яненко',
    role: 'back_office',
    centreId: DEMO_CENTRE.id,
    login: 'iryna',
    password: 'vikno-demo'
  },
  { clerkId: 'clerk-petro', name: 'Петро Бондар', role: 'supervisor', centreId: DEMO_CENTRE.id, login: 'petro', password: 'vikno-demo' },
  { clerkId: 'admin-nadiia', name: 'Надія Ткачук', role: 'admin', centreId: DEMO_CENTRE.id, login: 'nadiia', password: 'vikno-demo' }
]
