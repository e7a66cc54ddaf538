import { DateInput, DatesProvider, type DateInputProps } from '@mantine/dates'
import 'dayjs/locale/uk'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { parseTypedDate } from '../lib/dates'

/*
 * A date typed and shown as дд.мм.рррр, with a calendar to pick from (@mantine/dates over dayjs,
 * in the UI's language). Chromium's native <input type="date"> follows the system's locale and
 * shows mm/dd/yyyy on an English one; Ukrainian forms write dates day first, so the field is a text
 * field read by parseTypedDate. The value is `YYYY-MM-DD` (or null while the text is not a date).
 */

export interface DateFieldProps extends Omit<DateInputProps, 'value' | 'onChange' | 'valueFormat' | 'dateParser' | 'locale'> {
  value: string | null
  onChange: (value: string | null) => void
}

export function DateField({ value, onChange, placeholder, ...rest }: DateFieldProps): ReactElement {
  const { t, i18n } = useTranslation()
  return (
    <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'uk', firstDayOfWeek: 1 }}>
      <DateInput
        {...rest}
        value={value}
        onChange={onChange}
        valueFormat="DD.MM.YYYY"
        dateParser={parseTypedDate}
        placeholder={placeholder ?? t('common.datePlaceholder')}
        popoverProps={{ withinPortal: true }}
        autoComplete="off"
      />
    </DatesProvider>
  )
}
