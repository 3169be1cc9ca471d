import { mount } from 'svelte';
import '@xyflow/svelte/dist/style.css';
import './app.css';
import App from './App.svelte';
import { defineFamilyColours } from './editor/family-colours';

defineFamilyColours();

mount(App, { target: document.getElementById('app')! });
