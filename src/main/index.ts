// Electron entry: the composition root only (style.md — no 92 KB main file).
import { runElectron } from './electron/run-electron'

runElectron()
