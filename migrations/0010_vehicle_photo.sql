-- A vehicle's photo (optional): the seniors recognise the car they booked. The file lives in the
-- data directory's photos/ (server/src/photos.rs); the row holds its name.
ALTER TABLE vehicles ADD COLUMN photo TEXT CHECK (photo IS NULL OR length(photo) <= 200);
