import type { DriverContext } from './types'
import type { TemplateVariable } from './config'

const TEMPLATE_TOKEN = /\{\{\s*([A-Za-z]+)\s*\}\}/g

/** The values a {{variable}} may take for one request; absent values render as "". */
export function templateValues(ctx: DriverContext): Record<TemplateVariable, string> {
  const trigger = ctx.trigger
  return {
    requestId: ctx.requestId,
    trigger: trigger.kind,
    residentId: trigger.kind === 'access' ? trigger.residentId : '',
    by: trigger.kind === 'manual' ? trigger.by : '',
    at: new Date(ctx.at).toISOString()
  }
}

export type Escape = (value: string) => string

export const noEscape: Escape = (value) => value
/** Escapes a value for use inside a JSON string literal of the template. */
export const jsonStringEscape: Escape = (value) => JSON.stringify(value).slice(1, -1)

/** Replaces {{name}} tokens; names are validated by the config schema beforehand. */
export function renderTemplate(template: string, values: Record<string, string>, escape: Escape = noEscape): string {
  return template.replace(TEMPLATE_TOKEN, (_token, name: string) => escape(values[name] ?? ''))
}
