import type { ApplicationRecord } from '../../../shared/domain/application'

/** A plain registered application, valid against applicationRecordSchema. */
export function sampleRecord(id: string, patch: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
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
    status: 'registered',
    holder: null,
    takenIntoWorkAt: null,
    receivedAt: '2026-11-27T08:00:00.000Z',
    dueAt: '2026-12-27T21:59:59.000Z',
    pauses: [],
    correction: null,
    forwardedAt: null,
    forwardDueAt: null,
    decision: null,
    issuedTo: null,
    closedAt: null,
    version: 1,
    updatedAt: '2026-11-27T08:00:00.000Z',
    ...patch
  }
}
