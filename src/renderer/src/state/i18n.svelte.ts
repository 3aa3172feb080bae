import type { ErrorResult } from '../../../shared/errors'
import { LANGUAGES, type Language } from '../../../shared/settings'
import type { Message } from '../logic/banner'
import type { MessageKey } from '../i18n/en'
import { connectionKey, errorKey, rejectionKey } from '../i18n/keys'
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
    // The page's language, for screen readers and fonts (none where state classes are unit-tested).
    if (typeof document !== 'undefined') document.documentElement.lang = language
  }

  t = (key: MessageKey, params?: Params): string => translate(this.dict, key, params)

  plural = (key: PluralKey, count: number, params?: Params): string => plural(this.dict, key, count, params)

  message = (m: Message): string => ('text' in m ? m.text : translate(this.dict, m.key, m.params))

  /** An error result in the current language (a transport's reason first); main's own sentence when the code is unknown. */
  error = (r: Pick<ErrorResult, 'code' | 'message' | 'details'>): string => {
    const key = connectionKey(r) ?? errorKey(r.code)
    return key ? translate(this.dict, key) : r.message
  }

  /** A photo rejection: its reason code, else its error code, else main's sentence. */
  rejection = (r: { code: string; reason: string; message: string }): string => {
    const key = rejectionKey(r.reason) ?? errorKey(r.code)
    return key ? translate(this.dict, key) : r.message
  }

  duration = (ms: number): string => formatDuration(this.dict, ms)

  // Formatters are built once per language and style: the clock asks several times a second.
  private readonly formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>()

  private dateFormat(style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = `${this.language}:${style}`
    let f = this.formatters.get(key)
    if (!f) this.formatters.set(key, (f = new Intl.DateTimeFormat(LOCALES[this.language], options)))
    return f as Intl.DateTimeFormat
  }

  private formatDate(value: string | number, style: string, options: Intl.DateTimeFormatOptions): string {
    const d = new Date(value)
    return Number.isNaN(d.getTime()) ? String(value) : this.dateFormat(style, options).format(d)
  }

  dateTime = (value: string | number): string => this.formatDate(value, 'datetime', { dateStyle: 'medium', timeStyle: 'medium' })

  date = (value: string | number): string => this.formatDate(value, 'date', { dateStyle: 'medium' })

  time = (value: number): string => this.formatDate(value, 'time', { hour: '2-digit', minute: '2-digit' })

  number = (value: number, digits = 2): string => {
    const key = `${this.language}:number:${digits}`
    let f = this.formatters.get(key)
    if (!f) this.formatters.set(key, (f = new Intl.NumberFormat(LOCALES[this.language], { minimumFractionDigits: digits, maximumFractionDigits: digits })))
    return f.format(value)
  }
}

export const i18n = new I18n()
