import pkg from '../../package.json'

export const APP_NAME = 'Happy House'
export const APP_VERSION: string = pkg.version
