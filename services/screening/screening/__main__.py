from portcullis_kit.runtime import main
from screening.bootstrap import bootstrap
from screening.settings import ScreeningSettings

if __name__ == "__main__":
    main(ScreeningSettings, bootstrap)
