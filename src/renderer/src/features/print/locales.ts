/*
 * Strings of the print feature. The lead merges `printLocales.uk` / `printLocales.en` into
 * lib/locales/{uk,en}.json under the key "print"; until then use-print-t.ts adds them to i18next
 * at run time (without overwriting anything already merged).
 */

export const printUk = {
  screenTitle: 'Друк: {{title}}',
  screenTitleLoading: 'Друк документа',
  documents: {
    receipt: 'Опис вхідного пакета документів',
    correction_notice: 'Повідомлення про доопрацювання',
    refusal_letter: 'Повідомлення про відмову',
    result_ready_notice: 'Повідомлення про готовність результату',
    routing_slip: 'Супровідний лист і реєстр передачі',
    daily_register: 'Журнал реєстрації заяв',
    issue_register: 'Журнал видачі результатів'
  },
  paper: {
    label: 'Папір',
    A4: 'A4',
    '80mm': 'Стрічка 80 мм',
    onlyA4: 'Цей документ друкується лише на A4'
  },
  printer: {
    label: 'Принтер',
    systemDefault: 'Принтер за замовчуванням',
    copies: 'Примірників',
    silent: 'Без діалогу друку (чековий принтер)'
  },
  actions: {
    print: 'Друкувати',
    savePdf: 'Зберегти PDF',
    close: 'Закрити',
    retry: 'Спробувати ще раз'
  },
  preview: {
    frameTitle: 'Попередній перегляд: {{title}}',
    loading: 'Готуємо документ…',
    failed: 'Не вдалося підготувати документ'
  },
  marks: {
    copyTitle: 'Повторний друк',
    copyBody: 'Цей документ уже друкували: новий примірник буде позначено «КОПІЯ».',
    provisionalTitle: 'Рішення ще не підтверджено порталом',
    provisionalBody: 'Документ буде позначено як попередній (команда {{commandId}}). Після синхронізації його можна роздрукувати начисто.'
  },
  audit: 'Кожен друк і кожне збереження PDF записуються в історію заявки.',
  hub: {
    title: 'Друк журналів',
    intro: 'Документи окремої заявки друкуються з її картки; тут — журнали за день.',
    date: 'Дата',
    open: 'Переглянути'
  },
  done: {
    printed: 'Документ надіслано на друк і записано в історію',
    printedCopy: 'Копію надіслано на друк і записано в історію',
    cancelled: 'Друк скасовано; в історію нічого не записано',
    pdfSaved: 'PDF збережено ({{pages}} арк.) і записано в історію'
  },
  failed: {
    print: 'Не вдалося надрукувати',
    pdf: 'Не вдалося зберегти PDF'
  }
} as const

export type PrintStrings = typeof printUk

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }

export const printEn: Widen<PrintStrings> = {
  screenTitle: 'Print: {{title}}',
  screenTitleLoading: 'Print a document',
  documents: {
    receipt: 'Receipt for submitted documents',
    correction_notice: 'Notice of corrections needed',
    refusal_letter: 'Refusal letter',
    result_ready_notice: 'Result-ready notice',
    routing_slip: 'Routing slip and transfer register',
    daily_register: 'Daily register of applications',
    issue_register: 'Register of issued results'
  },
  paper: {
    label: 'Paper',
    A4: 'A4',
    '80mm': '80 mm roll',
    onlyA4: 'This document prints on A4 only'
  },
  printer: {
    label: 'Printer',
    systemDefault: 'Default printer',
    copies: 'Copies',
    silent: 'No print dialog (receipt printer)'
  },
  actions: {
    print: 'Print',
    savePdf: 'Save PDF',
    close: 'Close',
    retry: 'Try again'
  },
  preview: {
    frameTitle: 'Preview: {{title}}',
    loading: 'Preparing the document…',
    failed: 'Could not prepare the document'
  },
  marks: {
    copyTitle: 'Reprint',
    copyBody: 'This document was printed before: the new one will be marked «КОПІЯ» (copy).',
    provisionalTitle: 'The portal has not confirmed the decision yet',
    provisionalBody: 'The document will be marked provisional (command {{commandId}}). Print a clean one after the next sync.'
  },
  audit: 'Every print and every saved PDF is recorded in the application history.',
  hub: {
    title: 'Print registers',
    intro: 'Documents of one application are printed from its page; the day registers are here.',
    date: 'Date',
    open: 'Preview'
  },
  done: {
    printed: 'Sent to the printer and recorded in the history',
    printedCopy: 'Copy sent to the printer and recorded in the history',
    cancelled: 'Printing cancelled; nothing was recorded',
    pdfSaved: 'PDF saved ({{pages}} pages) and recorded in the history'
  },
  failed: {
    print: 'Could not print',
    pdf: 'Could not save the PDF'
  }
}

/** For the lead: merge as `{ ...uk, print: printLocales.uk }` and `{ ...en, print: printLocales.en }`. */
export const printLocales = { uk: printUk, en: printEn } as const
