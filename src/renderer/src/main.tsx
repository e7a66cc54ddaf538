import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { storedLanguage } from './features/settings/settings-store'
import { connect } from './lib/api'
import { initI18n } from './lib/i18n'

// Choose the transport first: in the web shell this also takes the token out of the address bar.
connect()
const language = storedLanguage()
initI18n(language)
document.documentElement.lang = language

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
