import { mount } from 'svelte';
import App from './App.svelte';
import { connect } from './api/transport.js';
import { AppState } from './state/app-state.svelte.js';
import './styles/theme.css';
import './styles/base.css';

const { api, status } = connect(window);
const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element');

export default mount(App, { target, props: { app: new AppState(api, status, navigator.languages) } });
