/** Routes. The video page and storyboard editor are lazy chunks (they carry the player and timeline). */
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LoadingBlock } from '../components/Spinner.tsx';
import { AccountPage } from '../pages/account/AccountPage.tsx';
import { LoginPage, SignupPage } from '../pages/auth/AuthPages.tsx';
import { ComposePage } from '../pages/compose/ComposePage.tsx';
import { HomePage } from '../pages/home/HomePage.tsx';
import { LibraryPage } from '../pages/library/LibraryPage.tsx';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { Layout } from './Layout.tsx';
import { RequireAccount } from './RequireAccount.tsx';
import { ServiceStatusProvider } from './service-status.tsx';
import { SessionProvider } from './session.tsx';

const VideoPage = lazy(() => import('../pages/video/VideoPage.tsx'));
const StoryboardPage = lazy(() => import('../pages/storyboard/StoryboardPage.tsx'));

const signedIn = (page: React.ReactNode) => <RequireAccount>{page}</RequireAccount>;

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <ServiceStatusProvider>
          <Suspense fallback={<LoadingBlock />}>
            <Routes>
              <Route element={<Layout />}>
                <Route index element={<HomePage />} />
                <Route path="signup" element={<SignupPage />} />
                <Route path="login" element={<LoginPage />} />
                <Route path="compose" element={signedIn(<ComposePage />)} />
                <Route path="library" element={signedIn(<LibraryPage />)} />
                <Route path="videos/:id" element={signedIn(<VideoPage />)} />
                <Route path="storyboard" element={signedIn(<StoryboardPage />)} />
                <Route path="account" element={signedIn(<AccountPage />)} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </Suspense>
        </ServiceStatusProvider>
      </SessionProvider>
    </BrowserRouter>
  );
}
