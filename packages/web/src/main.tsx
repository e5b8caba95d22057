import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Bundled CJK font (STACK.md 5): only the unicode-range slices a page uses are downloaded.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import { Root } from './app.tsx';

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
