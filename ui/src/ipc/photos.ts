import { open } from "@tauri-apps/plugin-dialog";
import type { PhotoOwner } from "../bindings/PhotoOwner";
import type { PhotoView } from "../bindings/PhotoView";
import { call, toApiError } from "./core";

/** Copies the files into the app's photo folder; one bad file refuses them all. */
export const addPhotos = (owner: PhotoOwner, paths: string[]) =>
  call<PhotoView[]>("add_photos", { owner, paths });
export const photosOf = (owner: PhotoOwner) => call<PhotoView[]>("photos_of", { owner });
/** The full-size photo as a data: URL. */
export const photoData = (id: string) => call<string>("photo_data", { id });
export const removePhoto = (id: string) => call<PhotoView[]>("remove_photo", { id });

/** Asks for photos; an empty list when the user cancels. */
export async function pickPhotos(filterName: string): Promise<string[]> {
  try {
    const picked = await open({
      multiple: true,
      directory: false,
      filters: [{ name: filterName, extensions: ["jpg", "jpeg", "png", "webp", "gif"] }],
    });
    if (picked === null) return [];
    return Array.isArray(picked) ? picked : [picked];
  } catch (raw) {
    throw toApiError(raw);
  }
}
