import { DeleteOutlined, PictureOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Modal, Popconfirm, Spin, Typography } from "antd";
import dayjs from "dayjs";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../bindings/ApiError";
import type { PhotoOwner } from "../bindings/PhotoOwner";
import type { PhotoView } from "../bindings/PhotoView";
import { errorMessage } from "../errors";
import { addPhotos, photoData, photosOf, pickPhotos, removePhoto } from "../ipc/photos";
import { useErrorNotice } from "../shell/useErrorNotice";

type Props = {
  owner: PhotoOwner;
  title: string;
  /** Called after photos were added or removed (a held activity's audit changed). */
  onChanged?: (count: number) => void;
};

/** 照片: evidence photos of an activity or a demonstration point, as a grid of thumbnails. */
export function PhotoWall({ owner, title, onChanged }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorNotice();
  const [photos, setPhotos] = useState<PhotoView[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [viewing, setViewing] = useState<{ name: string; src: string | null } | null>(null);
  const ownerKey = owner.kind === "activity" ? owner.activityId : owner.pointId;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the owner is identified by its key
  useEffect(() => {
    let live = true;
    photosOf(owner)
      .then((list) => live && setPhotos(list))
      .catch((e) => {
        if (!live) return;
        setPhotos([]);
        showError(errorMessage(t, e as ApiError));
      });
    return () => {
      live = false;
    };
  }, [ownerKey]);

  const changed = useCallback(
    (list: PhotoView[]) => {
      setPhotos(list);
      onChanged?.(list.length);
    },
    [onChanged],
  );

  const add = async () => {
    try {
      const paths = await pickPhotos(t("photos.filter"));
      if (paths.length === 0) return;
      setBusy(true);
      const before = photos?.length ?? 0;
      const list = await addPhotos(owner, paths);
      changed(list);
      message.success(t("photos.added", { count: list.length - before }));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    try {
      changed(await removePhoto(id));
      message.success(t("photos.removed"));
    } catch (e) {
      showError(errorMessage(t, e as ApiError));
    }
  };

  const view = async (p: PhotoView) => {
    setViewing({ name: p.photo.fileName, src: null });
    try {
      const src = await photoData(p.photo.id);
      setViewing({ name: p.photo.fileName, src });
    } catch (e) {
      setViewing(null);
      showError(errorMessage(t, e as ApiError));
    }
  };

  return (
    <Card
      size="small"
      title={
        <span>
          <PictureOutlined /> {title}
          {photos && photos.length > 0 && ` (${photos.length})`}
        </span>
      }
      extra={
        <Button
          type="primary"
          size="small"
          icon={<PlusOutlined />}
          loading={busy}
          onClick={() => void add()}
          data-testid="photo-add"
        >
          {t("photos.add")}
        </Button>
      }
      data-testid="photo-wall"
    >
      {photos === null ? (
        <Spin />
      ) : photos.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t("photos.empty")}
          data-testid="photo-empty"
        />
      ) : (
        <div
          style={{
            display: "grid",
            gridTemplateColumns: "repeat(auto-fill, minmax(150px, 1fr))",
            gap: 12,
          }}
        >
          {photos.map((p) => (
            <PhotoTile key={p.photo.id} view={p} onView={view} onRemove={remove} />
          ))}
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0", fontSize: 12 }}>
        {t("photos.hint")}
      </Typography.Paragraph>
      <Modal
        open={viewing !== null}
        title={viewing?.name}
        footer={null}
        width="80vw"
        onCancel={() => setViewing(null)}
        destroyOnHidden
      >
        {viewing?.src ? (
          <img
            src={viewing.src}
            alt={viewing.name}
            style={{ maxWidth: "100%", maxHeight: "70vh", display: "block", margin: "0 auto" }}
            data-testid="photo-full"
          />
        ) : (
          <Spin />
        )}
      </Modal>
    </Card>
  );
}

function PhotoTile({
  view,
  onView,
  onRemove,
}: {
  view: PhotoView;
  onView: (p: PhotoView) => void;
  onRemove: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { photo, thumbnail } = view;
  return (
    <div
      style={{ border: "1px solid #f0f0f0", borderRadius: 6, overflow: "hidden", minWidth: 0 }}
      data-testid="photo-tile"
    >
      {thumbnail ? (
        <button
          type="button"
          onClick={() => onView(view)}
          style={{ padding: 0, border: 0, background: "#fafafa", cursor: "zoom-in", width: "100%" }}
          title={photo.fileName}
        >
          <img
            src={thumbnail}
            alt={photo.fileName}
            style={{ width: "100%", height: 110, objectFit: "cover", display: "block" }}
            data-testid="photo-thumb"
          />
        </button>
      ) : (
        <div
          style={{
            height: 110,
            display: "flex",
            alignItems: "center",
            justifyContent: "center",
            background: "#fff1f0",
          }}
          data-testid="photo-missing"
        >
          <Typography.Text type="danger">{t("photos.missing")}</Typography.Text>
        </div>
      )}
      <div style={{ display: "flex", alignItems: "center", gap: 4, padding: "4px 6px" }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text ellipsis style={{ display: "block", fontSize: 12 }}>
            {photo.fileName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 11 }}>
            {t("photos.addedOn", { date: dayjs(photo.addedOn).format("YYYY-MM-DD") })}
          </Typography.Text>
        </div>
        <Popconfirm
          title={t("photos.removeConfirm")}
          onConfirm={() => onRemove(photo.id)}
          okButtonProps={{ danger: true, "data-testid": "photo-remove-ok" }}
        >
          <Button
            type="text"
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t("photos.remove")}
            data-testid="photo-remove"
          />
        </Popconfirm>
      </div>
    </div>
  );
}
