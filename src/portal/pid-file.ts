/**
 * Written by `npm run portal` (cli.ts) into the embedded database's folder while it runs, so that
 * the portal's command line (admin-cli.ts) never opens the same PGlite folder from a second process.
 */
export const PORTAL_PID_FILE = 'vikno-portal.pid'
