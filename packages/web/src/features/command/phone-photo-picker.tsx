/** The camera button of the phone forms: opens the back camera (or the gallery), up to 3 photos, downscaled. */
import { useRef, useState } from 'react';
import { Alert, Button } from 'antd';
import { CameraOutlined, CloseCircleFilled } from '@ant-design/icons';
import { FIELD_PHOTO_MAX_COUNT, type FieldPhoto } from '@ningan/domain';
import { useI18n } from '../../i18n/i18n.tsx';
import { downscalePhoto } from './phone-helpers.ts';

export function PhotoPicker({
  photos,
  onChange,
}: {
  photos: FieldPhoto[];
  onChange: (photos: FieldPhoto[]) => void;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const full = photos.length >= FIELD_PHOTO_MAX_COUNT;
  const add = async (files: FileList | null) => {
    setProblem(null);
    setBusy(true);
    let next = photos;
    for (const file of [...(files ?? [])].slice(0, FIELD_PHOTO_MAX_COUNT - photos.length)) {
      try {
        next = [...next, await downscalePhoto(file)];
      } catch (e) {
        setProblem(e instanceof Error ? e.message : String(e));
      }
    }
    setBusy(false);
    onChange(next.slice(0, FIELD_PHOTO_MAX_COUNT));
  };
  return (
    <div>
      {photos.length > 0 && (
        <div className="phone-photos" style={{ marginBottom: 8 }}>
          {photos.map((p, i) => (
            <span key={i} style={{ position: 'relative' }}>
              <img src={`data:${p.contentType};base64,${p.dataBase64}`} alt={t('cmd.task.photo')} />
              <Button
                type="text"
                size="small"
                icon={<CloseCircleFilled />}
                style={{ position: 'absolute', top: -6, right: -6 }}
                onClick={() => onChange(photos.filter((_x, j) => j !== i))}
                aria-label={t('cmd.phone.removePhoto')}
              />
            </span>
          ))}
        </div>
      )}
      <input
        ref={input}
        className="phone-file"
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        tabIndex={-1}
        aria-hidden
        onChange={(e) => {
          void add(e.target.files);
          e.target.value = '';
        }}
      />
      <Button
        className="phone-big"
        icon={<CameraOutlined />}
        disabled={full}
        loading={busy}
        onClick={() => input.current?.click()}
        data-testid="photo-pick"
      >
        {t('cmd.phone.takePhoto')}（{photos.length}/{FIELD_PHOTO_MAX_COUNT}）
      </Button>
      {problem && <Alert type="warning" showIcon title={problem} style={{ marginTop: 8 }} />}
    </div>
  );
}
