// The Debian packages the corpus draws on, and per package the allow-list of files that are real photographs.
// Chosen by looking at every image: icons, drawings, renders, paintings, UI art and near-monochrome pictures
// (which teach a colorizer nothing) are left out.
import { KintsugiError } from '../../src-shared/errors.js';

export interface PackagePlan {
  name: string;
  /** DEP-5-style globs over paths inside the package (`<bundle>!<entry>` inside a Qt resource bundle). */
  allow: readonly string[];
  deny?: readonly string[];
  /** Qt `.rcc` bundles to open, as globs over paths inside the package. */
  bundles?: readonly string[];
  /** Turns a path inside the package into the path its copyright file uses: [pattern, replacement]. */
  sourcePath: readonly [RegExp, string];
  /** The files are photo cut-outs on transparency, laid on crops of the corpus's photos (so list them last). */
  cutout?: boolean;
  /** Extensions the copyright file may use instead, for files the package build converted (gcompris: to .webp). */
  sourceExtensions?: readonly string[];
}

export const PACKAGES: readonly PackagePlan[] = [
  {
    name: 'endless-sky-data',
    // land/: landscapes and cities; scene/: photographs (geoscan and tempest are renders, lobby a drawing).
    allow: ['usr/share/games/endless-sky/images/land/*.jpg', 'usr/share/games/endless-sky/images/scene/*.jpg'],
    deny: [
      'usr/share/games/endless-sky/images/scene/geoscan.jpg',
      'usr/share/games/endless-sky/images/scene/tempest.jpg',
      'usr/share/games/endless-sky/images/scene/lobby.jpg',
    ],
    sourcePath: [/^usr\/share\/games\/endless-sky\//, ''],
  },
  {
    name: 'mate-backgrounds',
    // nature/ is photographs; abstract/ and desktop/ are paintings, renders and logos.
    allow: ['usr/share/backgrounds/mate/nature/*.jpg'],
    sourcePath: [/^usr\/share\/backgrounds\/mate\//, ''],
  },
  {
    name: 'lomiri-wallpapers-16.04',
    // All photographs but analogpattern (a film-grain texture), umang (a render) and greentock (a clock graphic).
    allow: ['usr/share/backgrounds/*.jpg'],
    deny: [
      'usr/share/backgrounds/analogpattern_by_Peter_Nerlich.jpg',
      'usr/share/backgrounds/umang_by_Abhishek_Mudgal.jpg',
      'usr/share/backgrounds/greentock_by_Peter_Nerlich.jpg',
    ],
    sourcePath: [/^usr\/share\/backgrounds\//, '16.04/'],
  },
  {
    name: 'lomiri-wallpapers-20.04',
    // The other three are renders.
    allow: ['usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg'],
    sourcePath: [/^usr\/share\/backgrounds\//, '20.04/'],
  },
  {
    name: 'plasma-workspace-wallpapers',
    // The photographs among the wallpapers, largest file of each (the smaller ones are the same photo resized);
    // ColdRipple and Grey are nearly monochrome and left out.
    allow: ['BytheWater', 'DarkestHour', 'EveningGlow', 'FallenLeaf', 'Kite', 'OneStandsOut', 'Path', 'summer_1am'].map(
      (w) => `usr/share/wallpapers/${w}/contents/images/2560x1600.jpg`,
    ),
    sourcePath: [/^usr\/share\/wallpapers\//, ''],
  },
  {
    name: 'gcompris-qt-data',
    // Photographs of animals, monuments, objects and energy sources; the other activities' pictures are drawings,
    // paintings cut into pieces (paintings, details, babyshapes) or photos on black cut-out backgrounds.
    bundles: ['usr/share/gcompris-qt/rcc/*.rcc'],
    allow: [
      'erase/resource/*.webp',
      'categorization/resource/images/tools/*.webp',
      'categorization/resource/images/renewable/*.webp',
      'categorization/resource/images/fishes/*.webp',
      'categorization/resource/images/monuments/*.webp',
      'categorization/resource/images/others/*.webp',
      'explore_farm_animals/resource/animals/*.webp',
      'explore_world_animals/resource/animals/*.webp',
      'explore_world_music/resource/music/*.webp',
      'explore_monuments/resource/*/*.webp',
    ].map((p) => `usr/share/gcompris-qt/rcc/*.rcc!/gcompris/src/activities/${p}`),
    sourcePath: [/^.*\.rcc!\/gcompris\//, ''],
    // The copyright file names the photos as they are upstream, before the build turned them into WebP.
    sourceExtensions: ['jpg', 'jpeg', 'png'],
  },
  {
    name: 'palapeli-data',
    // The puzzle photographs; backgrounds/ holds textures.
    allow: ['usr/share/palapeli/collection/*.jpg'],
    sourcePath: [/^usr\/share\/palapeli\//, ''],
  },
  {
    name: 'tuxpaint-data',
    // The starter templates are photographs; the documentation images are screenshots.
    allow: ['usr/share/tuxpaint/templates/*.jpg'],
    sourcePath: [/^usr\/share\/tuxpaint\//, ''],
  },
  {
    name: 'tuxpaint-stamps-default',
    // Photographed animals, fruit, vegetables and flowers cut out on transparency; cartoon/ folders, mirrored
    // copies and the few drawings among them (hedgehog, pizza, bee, a rendered fly) are left out.
    cutout: true,
    allow: ['animals', 'food', 'plants'].map((d) => `usr/share/tuxpaint/stamps/${d}/*.png`),
    deny: [
      '*/cartoon/*',
      '*_mirror.png',
      '*/animals/mammals/hedgehog.png',
      '*/food/pizza.png',
      '*/animals/insects/bee.png',
      '*/animals/insects/fly.png',
    ],
    sourcePath: [/^usr\/share\/tuxpaint\//, ''],
  },
];

export function packagePlan(name: string): PackagePlan {
  const plan = PACKAGES.find((p) => p.name === name);
  if (plan === undefined) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `unknown package ${name}; known: ${PACKAGES.map((p) => p.name).join(', ')}`);
  }
  return plan;
}
