import type { ErrorResult } from '../../../shared/errors'
import { LANGUAGES, type Language } from '../../../shared/settings'
import type { Message } from '../logic/banner'
import type { MessageKey } from '../i18n/en'
import { errorKey, rejectionKey } from '../i18n/keys'
import { DICTIONARIES, LOCALES, formatDuration, plural, translate, type Params, type PluralKey } from '../i18n/translate'

/** The current language, and every way the UI turns keys, codes and dates into text in it. */
export class I18n {
  language = $state<Language>('en')

  private get dict() {
    return DICTIONARIES[this.language]
  }

  setLanguage(language: string): void {
    if (!(LANGUAGES as readonly string[]).includes(language)) return
    this.language = language as Language
    document.documentElement.lang = language
  }

  t = (key: MessageKey, params?: Params): string => translate(this.dict, key, params)

  plural = (key: PluralKey, count: number, params?: Params): string => plural(this.dict, key, count, params)

  message = (m: Message): string => ('text' in m ? m.text : translate(this.dict, m.key, m.params))

  /** An error result in the current language; main's own sentence when the code is unknown. */
  error = (r: Pick<ErrorResult, 'code' | 'message'>): string => {
    const key = errorKey(r.code)
    return key ? translate(this.dict, key) : r.message
  }

  /** A photo rejection: its reason code, else its error code, else main's sentence. */
  rejection = (r: { code: string; reason: string; message: string }): string => {
    const key = rejectionKey(r.reason) ?? errorKey(r.code)
    return key ? translate(this.dict, key) : r.message
  }

  duration = (ms: number): string => formatDuration(this.dict, ms)

  dateTime = (value: string | number): string => {
    const d = new Date(value)
    if (Number.isNaN(d.getTime())) return String(value)
    return new Intl.DateTimeFormat(LOCALES[this.language], { dateStyle: 'medium', timeStyle: 'medium' }).format(d)
  }

  date = (value: string | number): string => {
    const d = new Date(value)
    if (Number.isNaN(d.getTime())) return String(value)
    return new Intl.DateTimeFormat(LOCALES[this.language], { dateStyle: 'medium' }).format(d)
  }

  time = (value: number): string => new Intl.DateTimeFormat(LOCALES[this.language], { hour: '2-digit', minute: '2-digit' }).format(new Date(value))

  number = (value: number, digits = 2): string =>
    new Intl.NumberFormat(LOCALES[this.language], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)
}

export const i18n = new I18n()
