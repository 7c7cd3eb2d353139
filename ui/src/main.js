// SPDX-License-Identifier: Apache-2.0
// main.js - the entry point esbuild bundles into app.js.
import { render } from 'preact';
import { html } from 'htm/preact';
import { App } from './app.js';

render(html`<${App} />`, document.getElementById('app'));
