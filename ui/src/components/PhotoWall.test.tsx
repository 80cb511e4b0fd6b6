import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { ApiError } from "../bindings/ApiError";
import type { PhotoOwner } from "../bindings/PhotoOwner";
import type { PhotoView } from "../bindings/PhotoView";
import { renderWithApp } from "../test/render";
import { PhotoWall } from "./PhotoWall";

const OWNER: PhotoOwner = { kind: "activity", activityId: "a1" };

function view(
  id: string,
  fileName: string,
  thumbnail: string | null = "data:image/jpeg;base64,AA==",
): PhotoView {
  return {
    photo: {
      id,
      owner: OWNER,
      fileName,
      storedName: `${id}.jpg`,
      mediaType: "image/jpeg",
      bytes: 1000,
      width: 640,
      height: 480,
      addedOn: "2026-03-10",
    },
    thumbnail,
  };
}

/** A backend holding a list of photos; `refuse` makes add_photos fail with that error. */
function backend(opts: { photos?: PhotoView[]; picked?: string[] | null; refuse?: ApiError }) {
  let photos = [...(opts.photos ?? [])];
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case "plugin:dialog|open":
        return opts.picked === undefined ? ["/u/现场1.jpg", "/u/现场2.png"] : opts.picked;
      case "photos_of":
        return photos;
      case "add_photos":
        if (opts.refuse) throw opts.refuse;
        photos = [
          ...photos,
          ...(args.paths as string[]).map((p, i) => view(`n${i}`, p.split("/").pop() ?? p)),
        ];
        return photos;
      case "remove_photo":
        photos = photos.filter((p) => p.photo.id !== args.id);
        return photos;
      case "photo_data":
        return "data:image/jpeg;base64,FULL";
    }
    return null;
  });
  return calls;
}

describe("photo wall", () => {
  it("says what to do when there are no photos", async () => {
    backend({});
    renderWithApp(<PhotoWall owner={OWNER} title="活动照片" />);
    await waitFor(() => expect(screen.getByTestId("photo-empty")).toHaveTextContent("添加照片"));
    expect(screen.getByTestId("photo-wall")).toHaveTextContent("20 MB");
  });

  it("adds the picked photos and reports the count", async () => {
    const calls = backend({});
    const onChanged = vi.fn();
    renderWithApp(<PhotoWall owner={OWNER} title="活动照片" onChanged={onChanged} />);
    await screen.findByTestId("photo-empty");
    fireEvent.click(screen.getByTestId("photo-add"));
    await waitFor(() => expect(screen.getAllByTestId("photo-tile")).toHaveLength(2));
    expect(calls.find((c) => c.cmd === "add_photos")?.args).toEqual({
      owner: OWNER,
      paths: ["/u/现场1.jpg", "/u/现场2.png"],
    });
    expect(await screen.findByText("已添加 2 张照片")).toBeInTheDocument();
    expect(onChanged).toHaveBeenCalledWith(2);
  });

  it("does nothing when the dialog is cancelled", async () => {
    const calls = backend({ picked: null });
    renderWithApp(<PhotoWall owner={OWNER} title="活动照片" />);
    await screen.findByTestId("photo-empty");
    fireEvent.click(screen.getByTestId("photo-add"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "plugin:dialog|open")).toBe(true));
    expect(calls.some((c) => c.cmd === "add_photos")).toBe(false);
  });

  it("names the file that is not a photo", async () => {
    backend({
      refuse: {
        code: "notAnImage",
        message: "会议纪要.jpg is not a JPEG, PNG, WebP or GIF image",
        fields: [],
        subject: "会议纪要.jpg",
      },
    });
    renderWithApp(<PhotoWall owner={OWNER} title="活动照片" />);
    await screen.findByTestId("photo-empty");
    fireEvent.click(screen.getByTestId("photo-add"));
    expect(
      await screen.findByText(/“会议纪要.jpg”不是可以添加的照片.*本次未添加任何照片/),
    ).toBeInTheDocument();
    expect(screen.queryAllByTestId("photo-tile")).toHaveLength(0);
  });

  it("shows a missing file, opens the full photo, and removes one after confirming", async () => {
    const calls = backend({ photos: [view("p1", "大棚.jpg"), view("p2", "丢失.jpg", null)] });
    renderWithApp(<PhotoWall owner={OWNER} title="活动照片" />);
    const tiles = await screen.findAllByTestId("photo-tile");
    expect(within(tiles[1]).getByTestId("photo-missing")).toHaveTextContent("照片文件丢失");

    fireEvent.click(within(tiles[0]).getByTestId("photo-thumb"));
    expect(await screen.findByTestId("photo-full")).toHaveAttribute(
      "src",
      "data:image/jpeg;base64,FULL",
    );

    fireEvent.click(within(tiles[1]).getByTestId("photo-remove"));
    fireEvent.click(await screen.findByTestId("photo-remove-ok"));
    await waitFor(() => expect(screen.getAllByTestId("photo-tile")).toHaveLength(1));
    expect(calls.find((c) => c.cmd === "remove_photo")?.args).toEqual({ id: "p2" });
  });
});
