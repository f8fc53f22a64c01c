/**
 * Architecture ids written into model manifests, kept apart from the model builders so that checking a manifest
 * (the main process, `kintsugi models list`) does not load TensorFlow.js.
 */
export const PIX2PIX_ARCH = 'pix2pix-unet';
export const GATED_UNET_ARCH = 'gated-unet';
export const DCGAN_ARCH = 'dcgan';
export const ENCODER_UNET_ARCH = 'mobilenet-unet-colorizer';
