// The environment `npm start` gives the kiosk (Electron or the browser host): the development
// switches are removed, so a stray ELECTRON_RENDERER_URL in the operator's shell cannot make the
// kiosk load its page (and the API) from another server. Only `npm run dev` (electron-vite) sets them.
export const DEV_ONLY_VARIABLES = ['ELECTRON_RENDERER_URL', 'NODE_ENV_ELECTRON_VITE']

/** @param {NodeJS.ProcessEnv} env */
export function kioskChildEnv(env) {
  const copy = { ...env }
  for (const name of DEV_ONLY_VARIABLES) delete copy[name]
  return copy
}
