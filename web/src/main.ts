import { createApp } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import App from './App.vue'
import ChatPage from './pages/ChatPage.vue'
import MemoryPage from './pages/MemoryPage.vue'
import GraphPage from './pages/GraphPage.vue'
import StatusPage from './pages/StatusPage.vue'
import HistoryPage from './pages/HistoryPage.vue'
import TimelinePage from './pages/TimelinePage.vue'
import MaintenancePage from './pages/MaintenancePage.vue'
import SettingsPage from './pages/SettingsPage.vue'
import WelcomePage from './pages/WelcomePage.vue'
import './style.css'

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/chat' },
    { path: '/chat', component: ChatPage },
    { path: '/memory', component: MemoryPage },
    { path: '/graph', component: GraphPage },
    { path: '/timeline', component: TimelinePage },
    { path: '/history', component: HistoryPage },
    { path: '/maintenance', component: MaintenancePage },
    { path: '/status', component: StatusPage },
    { path: '/settings', component: SettingsPage },
    { path: '/welcome', component: WelcomePage },
    { path: '/:rest(.*)*', redirect: '/chat' },
  ],
})

createApp(App).use(router).mount('#app')
