/**
 * Posts an edit (remix, re-cut, …) and opens the new video's page, where its progress shows. Keeps the
 * API's error, so a form can show it next to the field it names (`errorFor`) or above the form (`general`).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiPost, isApiError } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { Video } from '../../api/types.ts';
import { useSession } from '../../app/session.tsx';

export interface EditAction {
  readonly busy: boolean;
  run(path: string, body: object): Promise<void>;
  /** The error's message when it names one of `params`. */
  errorFor(...params: string[]): string | undefined;
  /** The error's message when it names none of the form's fields. */
  general(fields: readonly string[]): string | undefined;
}

export function useEditAction(): EditAction {
  const { i18n } = useTranslation();
  const navigate = useNavigate();
  const { refresh } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const paramOf = (err: unknown) => (isApiError(err) ? err.param : null);
  return {
    busy,
    async run(path, body) {
      setBusy(true);
      setError(undefined);
      try {
        const video = await apiPost<Video>(path, body);
        void refresh();
        navigate(`/videos/${video.id}`);
      } catch (err) {
        setError(err);
      } finally {
        setBusy(false);
      }
    },
    errorFor(...params) {
      const param = paramOf(error);
      return error !== undefined && param !== null && params.includes(param)
        ? errorMessage(i18n, error)
        : undefined;
    },
    general(fields) {
      const param = paramOf(error);
      return error !== undefined && (param === null || !fields.includes(param))
        ? errorMessage(i18n, error)
        : undefined;
    },
  };
}
