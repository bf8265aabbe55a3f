// The host page of the browser tests: mounts the package's built component the way an admin app does.
// The token comes from the test through an exposed function (window.__testToken): nothing is stored here.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { AnalyticsDashboard } from '../../../dist/index.js';

const config = window.__harnessConfig;
const props = { baseUrl: config.baseUrl, getAccessToken: () => window.__testToken() };
if (location.pathname.startsWith('/locked')) props.customerId = config.lockedCustomerId;
createRoot(document.getElementById('root')).render(createElement(AnalyticsDashboard, props));
