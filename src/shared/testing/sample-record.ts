import { newApplicationRecord, type ApplicationRecord } from '../domain/application'

/**
 * The application tests start from: registered on the portal, valid against applicationRecordSchema.
 * A test states what matters to it in `patch` (status, holder, the applicant a screen shows…).
 */
export function sampleRecord(id: string, patch: Partial<ApplicationRecord> = {}): ApplicationRecord {
  const registered = newApplicationRecord({
    id,
    orderNumber: '001-000123-' + String((id.length * 7) % 10),
    centreId: 'c1',
    serviceId: 'residence-registration',
    channel: 'portal',
    delivery: 'in_person',
    applicant: {
      surname: 'Мар’яненко',
      givenName: 'Ганна',
      patronymic: 'Петрівна',
      rnokpp: null,
      birthDate: '1985-04-12',
      phone: '+380671234567',
      email: null,
      address: 'м. Хмельницький, вул. Проскурівська, 1'
    },
    fields: {},
    attachments: [],
    documents: [{ name: 'Заява', required: true, received: true }],
    receivedAt: '2026-11-27T08:00:00.000Z',
    dueAt: '2026-12-27T21:59:59.000Z',
    updatedAt: '2026-11-27T08:00:00.000Z'
  })
  return { ...registered, ...patch }
}
